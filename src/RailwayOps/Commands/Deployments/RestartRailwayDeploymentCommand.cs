using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Restarts a deployment's process without a rebuild (deploymentRestart).</summary>
[Cmdlet(VerbsLifecycle.Restart, "RailwayDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class RestartRailwayDeploymentCommand : DeploymentActionCmdlet
{
    protected override string ActionFor(RailwayDeployment current) => CmdletText.ActionRestart;

    protected override async Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken)
    {
        EnsureApplied(await client.Deployments.RestartAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false), CmdletText.ActionRestart, current);
        return await client.Deployments.GetAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false);
    }
}
