using System.Management.Automation;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// Stops a deployment: one still in progress (QUEUED, BUILDING, DEPLOYING, WAITING, INITIALIZING) is
/// cancelled, Railway's "Abort" (deploymentCancel, it becomes REMOVED); a running one is stopped
/// (deploymentStop, its process ends).
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "RailwayDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class StopRailwayDeploymentCommand : DeploymentActionCmdlet
{
    protected override IReadOnlySet<WaitOutcomeKind> ExpectedOutcomes { get; } = new HashSet<WaitOutcomeKind>
    {
        WaitOutcomeKind.Removed,
        WaitOutcomeKind.Crashed,
        WaitOutcomeKind.Failed,
        WaitOutcomeKind.Skipped,
        WaitOutcomeKind.Sleeping,
    };

    protected override string ActionFor(RailwayDeployment current) => IsAbort(current) ? CmdletText.ActionCancel : CmdletText.ActionStop;

    protected override async Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken)
    {
        var applied = IsAbort(current)
            ? await client.Deployments.CancelAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false)
            : await client.Deployments.StopAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false);
        EnsureApplied(applied, ActionFor(current), current);
        return await client.Deployments.GetAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsAbort(RailwayDeployment deployment) => deployment.Status is DeploymentStatus.Queued or DeploymentStatus.Building
        or DeploymentStatus.Deploying or DeploymentStatus.Waiting or DeploymentStatus.Initializing;
}
