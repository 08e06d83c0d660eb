namespace RailwayOps.Core.Waiting;

/// <summary>What to wait for: a deployment by id, the deployment of a commit, or a service's latest deployment.</summary>
public abstract record WaitTarget
{
    private WaitTarget()
    {
    }

    /// <summary>A known deployment.</summary>
    public sealed record ById(string DeploymentId) : WaitTarget
    {
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
