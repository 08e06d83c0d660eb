using RailwayOps.Core.Railway;

namespace RailwayOps.Core.Waiting;

/// <summary>
/// Finds the deployment of a commit in a service instance, however many deployments came after it, without
/// reading the whole history on every poll: the first look reads the newest page and, when the commit is not
/// there, goes on page by page to the oldest; later looks read only what is newer than the newest deployment
/// already seen. The newest deployment of the commit wins (a redeploy of it is newer than the original).
/// </summary>
/// <remarks>Used by one wait at a time; not thread-safe.</remarks>
public sealed class CommitDeploymentFinder
{
    private readonly RailwayClient client;
    private readonly WaitTarget.ByCommit target;
    private string? newestSeen;

    public CommitDeploymentFinder(RailwayClient client, WaitTarget.ByCommit target)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.target = target ?? throw new ArgumentNullException(nameof(target));
    }

    /// <summary>The newest deployment of the commit, or null when Railway has none (yet).</summary>
    public async Task<RailwayDeployment?> FindAsync(CancellationToken cancellationToken)
    {
        var first = newestSeen is null;
        var watermark = newestSeen;
        var newest = (string?)null;
        var read = 0;

        // The newest page first: a fresh push lands there, so most looks cost one small request.
        await foreach (var deployment in client.Deployments.ListAsync(Query(DeploymentWaiter.CommitLookupDepth), cancellationToken).ConfigureAwait(false))
        {
            newest ??= deployment.DeploymentId;
            read++;
            if (deployment.DeploymentId == watermark)
            {
                Remember(newest);
                return null;
            }
            if (Matches(deployment))
            {
                Remember(newest);
                return deployment;
            }
        }

        if (read == DeploymentWaiter.CommitLookupDepth)
        {
            // More than a page to look through: everything on a first look, only what is newer than the watermark after.
            var skipped = 0;
            await foreach (var deployment in client.Deployments.ListAsync(Query(null), cancellationToken).ConfigureAwait(false))
            {
                if (skipped++ < read)
                {
                    continue;
                }
                if (!first && deployment.DeploymentId == watermark)
                {
                    break;
                }
                if (Matches(deployment))
                {
                    Remember(newest);
                    return deployment;
                }
            }
        }

        Remember(newest);
        return null;
    }

    private void Remember(string? newest) => newestSeen = newest ?? newestSeen;

    private bool Matches(RailwayDeployment deployment) =>
        deployment.CommitHash?.StartsWith(target.CommitSha, StringComparison.OrdinalIgnoreCase) == true;

    private DeploymentQuery Query(int? first) => new()
    {
        ProjectId = target.ProjectId,
        EnvironmentId = target.EnvironmentId,
        ServiceId = target.ServiceId,
        First = first,
    };
}
