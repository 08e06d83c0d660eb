using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Approves a deployment waiting in NEEDS_APPROVAL (deploymentApprove), so that it builds and deploys.</summary>
[Cmdlet(VerbsLifecycle.Approve, "RailwayDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class ApproveRailwayDeploymentCommand : DeploymentActionCmdlet
{
    protected override string ActionFor(RailwayDeployment current) => CmdletText.ActionApprove;

    protected override ErrorRecord? Refusal(RailwayDeployment current) => current.Status == DeploymentStatus.NeedsApproval
        ? null
        : Refuse(CmdletFailure.NotAwaitingApproval, Format(CmdletText.NotAwaitingApproval, current.DeploymentId, current.Status.ToWireName()), current);

    protected override async Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken)
    {
        EnsureApplied(await client.Deployments.ApproveAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false), CmdletText.ActionApprove, current);
        return await client.Deployments.GetAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false);
    }
}
