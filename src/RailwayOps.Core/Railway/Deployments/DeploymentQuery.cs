namespace RailwayOps.Core.Railway;

/// <summary>Filters for listing deployments; ids only (names are resolved before).</summary>
public sealed record DeploymentQuery
{
    public string? ProjectId { get; init; }

    public string? ProjectName { get; init; }

    public string? EnvironmentId { get; init; }

    public string? ServiceId { get; init; }

    /// <summary>Server-side status filter (DeploymentStatusInput.in); empty means all.</summary>
    public IReadOnlyCollection<DeploymentStatus> Statuses { get; init; } = Array.Empty<DeploymentStatus>();

    /// <summary>A commit hash or a prefix of one; matched client-side against meta.commitHash.</summary>
    public string? CommitSha { get; init; }

    /// <summary>The most objects to return; also caps the page size. Null means all.</summary>
    public int? First { get; init; }

    public bool IncludeDeleted { get; init; }
}
