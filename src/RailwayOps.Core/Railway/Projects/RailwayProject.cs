namespace RailwayOps;

/// <summary>A Railway project.</summary>
public sealed class RailwayProject
{
    public required string ProjectId { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public string? WorkspaceId { get; init; }

    public override string ToString() => Name;
}
