namespace RailwayOps;

/// <summary>One service of an environment as <c>railway status</c> summarises it: its latest deployment (status,
/// commit, age), its public URL and its replicas. Its ids bind by property name to Wait-RailwayDeployment,
/// Test-RailwayHealth and Get-RailwayDeploymentLog.</summary>
public sealed class RailwayServiceStatus
{
    public required string ProjectId { get; init; }

    public string? ProjectName { get; init; }

    public required string EnvironmentId { get; init; }

    public required string EnvironmentName { get; init; }

    public required string ServiceId { get; init; }

    public required string ServiceName { get; init; }

    /// <summary>The latest deployment, or null when the service was never deployed in the environment.</summary>
    public RailwayDeployment? LatestDeployment { get; init; }

    /// <summary>The latest deployment's id (what Wait-RailwayDeployment and Get-RailwayDeploymentLog bind to).</summary>
    public string? DeploymentId => LatestDeployment?.DeploymentId;

    public DeploymentStatus? Status => LatestDeployment?.Status;

    public string? CommitHash => LatestDeployment?.CommitHash;

    public string? CommitMessage => LatestDeployment?.CommitMessage;

    public DateTimeOffset? DeployedAt => LatestDeployment?.CreatedAt;

    /// <summary>How long ago the latest deployment was made, at the time the status was read.</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>Every domain of the service: service domains first, then custom ones.</summary>
    public IReadOnlyList<string> Domains { get; init; } = Array.Empty<string>();

    /// <summary>The public URL the CLI shows: the first custom domain, else the first service domain; null when there is none.</summary>
    public Uri? Url { get; init; }

    /// <summary>The replicas the service instance is configured with (null when Railway does not say).</summary>
    public int? Replicas { get; init; }

    public override string ToString() => $"{ServiceName} ({EnvironmentName})";
}
