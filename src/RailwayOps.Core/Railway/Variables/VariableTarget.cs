namespace RailwayOps.Core.Railway;

/// <summary>Where variables live: a service in an environment, or the environment's shared variables when ServiceId is null.</summary>
public sealed record VariableTarget(string ProjectId, string EnvironmentId, string? ServiceId);
