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
        public override string ToString() => CommitSha;
    }

    /// <summary>The newest deployment of a service instance, as serviceInstance.latestDeployment reports it.</summary>
    public sealed record LatestOf(string ProjectId, string EnvironmentId, string ServiceId) : WaitTarget
    {
        public override string ToString() => ServiceId;
    }
}
