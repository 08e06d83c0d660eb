namespace RailwayOps;

/// <summary>What a project token grants: one environment of one project.</summary>
public sealed class RailwayProjectTokenInfo
{
    public required string ProjectId { get; init; }

    public string? ProjectName { get; init; }

    public required string EnvironmentId { get; init; }

    public string? EnvironmentName { get; init; }
}
