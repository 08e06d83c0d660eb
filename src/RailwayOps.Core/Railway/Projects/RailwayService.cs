namespace RailwayOps;

/// <summary>A service of a project.</summary>
public sealed class RailwayService
{
    public required string ServiceId { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    public string? ProjectName { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public override string ToString() => Name;
}
