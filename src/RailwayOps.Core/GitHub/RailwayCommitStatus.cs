namespace RailwayOps;

/// <summary>A commit status state, as GitHub defines them.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum CommitStatusState
{
    Pending,
    Success,
    Failure,
    Error,
}

/// <summary>A GitHub deployment status state, as GitHub defines them.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum GitHubDeploymentState
{
    Pending,
    Queued,
    InProgress,
    Success,
    Failure,
    Error,
    Inactive,
}

/// <summary>
/// What Railway reported to GitHub about one commit for one service and environment: the commit
/// status (context, state, target URL) joined with the GitHub Deployment and its latest status.
/// Either half may be missing when Railway reported only the other.
/// </summary>
public sealed class RailwayCommitStatus
{
    /// <summary>owner/name.</summary>
    public required string Repository { get; init; }

    public required string CommitSha { get; init; }

    /// <summary>The commit status context, e.g. "railway/web (production)"; null when only a GitHub Deployment exists.</summary>
    public string? Context { get; init; }

    /// <summary>The service name from the context, else the serviceId from the deployment's payload.</summary>
    public string? Service { get; init; }

    /// <summary>The Railway environment name.</summary>
    public string? Environment { get; init; }

    /// <summary>The commit status state; null when only a GitHub Deployment exists.</summary>
    public CommitStatusState? State { get; init; }

    public string? Description { get; init; }

    public Uri? TargetUrl { get; init; }

    /// <summary>The GitHub Deployment's id; null when only a commit status exists.</summary>
    public long? DeploymentId { get; init; }

    /// <summary>The GitHub Deployment's environment label, e.g. "demo / production".</summary>
    public string? GitHubEnvironment { get; init; }

    /// <summary>The latest status of the GitHub Deployment.</summary>
    public GitHubDeploymentState? DeploymentState { get; init; }

    public Uri? EnvironmentUrl { get; init; }

    /// <summary>When either half last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public override string ToString() => Context ?? GitHubEnvironment ?? CommitSha;
}
