using System.Management.Automation;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>Stops a deployment and marks it REMOVED (deploymentRemove). Confirms by default; -Force does not.</summary>
[Cmdlet(VerbsCommon.Remove, "RailwayDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class RemoveRailwayDeploymentCommand : DeploymentActionCmdlet
{
    /// <summary>Remove without asking for confirmation (an explicit -Confirm still asks; -WhatIf still only describes).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override IReadOnlySet<WaitOutcomeKind> ExpectedOutcomes { get; } = new HashSet<WaitOutcomeKind> { WaitOutcomeKind.Removed };

    protected override string ActionFor(RailwayDeployment current) => CmdletText.ActionRemove;

    protected override bool ShouldAct(string target, string action) => ShouldProcessWithForce(target, action, Force);

    protected override async Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken)
    {
        EnsureApplied(await client.Deployments.RemoveAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false), CmdletText.ActionRemove, current);
        return await client.Deployments.GetAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false);
    }
}
