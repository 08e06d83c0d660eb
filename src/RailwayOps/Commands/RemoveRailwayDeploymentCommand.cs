using System.Management.Automation;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>Stops a deployment and marks it REMOVED (deploymentRemove). Confirms by default.</summary>
[Cmdlet(VerbsCommon.Remove, "RailwayDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class RemoveRailwayDeploymentCommand : DeploymentActionCmdlet
{
    protected override IReadOnlySet<WaitOutcomeKind> ExpectedOutcomes { get; } = new HashSet<WaitOutcomeKind> { WaitOutcomeKind.Removed };

    protected override string ActionFor(RailwayDeployment current) => CmdletText.ActionRemove;

    protected override async Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken)
    {
        EnsureApplied(await client.RemoveDeploymentAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false), CmdletText.ActionRemove, current);
        return await client.GetDeploymentAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false);
    }
}
