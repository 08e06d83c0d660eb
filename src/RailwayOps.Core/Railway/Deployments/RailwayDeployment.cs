namespace RailwayOps;

/// <summary>One deployment of a service in an environment, with the commit it was built from.</summary>
public sealed class RailwayDeployment
{
    public required string DeploymentId { get; init; }

    public required DeploymentStatus Status { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StatusUpdatedAt { get; init; }

    public required string ProjectId { get; init; }

    public string? ProjectName { get; internal set; }

    public required string EnvironmentId { get; init; }

    public string? EnvironmentName { get; init; }

    public string? ServiceId { get; init; }

    public string? ServiceName { get; init; }

    public string? CommitHash { get; init; }

    public string? CommitMessage { get; init; }

    public string? CommitAuthor { get; init; }

    public string? Branch { get; init; }

    public string? Repo { get; init; }

    public Uri? Url { get; init; }

    public Uri? StaticUrl { get; init; }

    public bool CanRedeploy { get; init; }

    public bool CanRollback { get; init; }

    public bool DeploymentStopped { get; init; }

    /// <summary>The shared classification of <see cref="Status"/>.</summary>
    public DeploymentStatusClass StatusClass => Status.Classify();

    public override string ToString() => DeploymentId;
}
