namespace RailwayOps.Core.Auth;

/// <summary>One folder's link as <c>railway link</c> wrote it into ~/.railway/config.json.</summary>
public sealed record LinkedProject(
    string ProjectPath,
    string ProjectId,
    string? ProjectName,
    string? EnvironmentId,
    string? EnvironmentName,
    string? ServiceId);
