namespace RailwayOps.Core.Waiting;

/// <summary>What to wait for: a deployment by id, the deployment of a commit, or a service's latest deployment.</summary>
public abstract record WaitTarget
{
    private WaitTarget()
    {
    }

    /// <summary>A known deployment. <see cref="Known"/> (the object piped in, say) only names it in progress and messages until it is read.</summary>
    public sealed record ById(string DeploymentId) : WaitTarget
    {
        /// <summary>The deployment as the caller last saw it; not part of equality (the same id is one target).</summary>
        public RailwayDeployment? Known { get; init; }

        public bool Equals(ById? other) => other is not null && string.Equals(DeploymentId, other.DeploymentId, StringComparison.Ordinal);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(DeploymentId);

        public override string ToString() => DeploymentId;
    }

    /// <summary>
    /// The deployment whose meta.commitHash equals, or starts with, <paramref name="CommitSha"/> in
    /// that service instance; it may not exist yet when the wait starts.
    /// </summary>
    public sealed record ByCommit(string ProjectId, string EnvironmentId, string ServiceId, string CommitSha) : WaitTarget
    {
        /// <summary>"web/production": the service and environment by name, for messages; not part of equality.</summary>
        public string? Place { get; init; }

        public bool Equals(ByCommit? other) => other is not null && string.Equals(ProjectId, other.ProjectId, StringComparison.Ordinal)
            && string.Equals(EnvironmentId, other.EnvironmentId, StringComparison.Ordinal) && string.Equals(ServiceId, other.ServiceId, StringComparison.Ordinal)
            && string.Equals(CommitSha, other.CommitSha, StringComparison.Ordinal);

        public override int GetHashCode() => HashCode.Combine(ProjectId, EnvironmentId, ServiceId, CommitSha);

        public override string ToString() => CommitSha;
    }

    /// <summary>The newest deployment of a service instance, as serviceInstance.latestDeployment reports it.</summary>
    public sealed record LatestOf(string ProjectId, string EnvironmentId, string ServiceId) : WaitTarget
    {
        /// <summary>"web/production": the service and environment by name, for messages; not part of equality.</summary>
        public string? Place { get; init; }

        public bool Equals(LatestOf? other) => other is not null && string.Equals(ProjectId, other.ProjectId, StringComparison.Ordinal)
            && string.Equals(EnvironmentId, other.EnvironmentId, StringComparison.Ordinal) && string.Equals(ServiceId, other.ServiceId, StringComparison.Ordinal);

        public override int GetHashCode() => HashCode.Combine(ProjectId, EnvironmentId, ServiceId);

        public override string ToString() => ServiceId;
    }
}
