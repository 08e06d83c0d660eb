using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Railway's "Redeploy" (deploymentRedeploy): a new deployment built from the same source. -PassThru and -Wait follow the new deployment.</summary>
[Cmdlet(VerbsCommon.Redo, "RailwayDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class RedoRailwayDeploymentCommand : DeploymentActionCmdlet
{
    /// <summary>Reuse the image the deployment already built instead of building again.</summary>
    [Parameter]
    public SwitchParameter UsePreviousImageTag { get; set; }

    protected override string ActionFor(RailwayDeployment current) => CmdletText.ActionRedeploy;

    protected override ErrorRecord? Refusal(RailwayDeployment current) => current.CanRedeploy
        ? null
        : Refuse(CmdletFailure.CannotRedeploy, Format(CmdletText.CannotRedeploy, current.DeploymentId), current,
            Format(CmdletText.RecommendedRedoCandidates, current.ProjectId, current.EnvironmentId, current.ServiceId));

    protected override Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken) =>
        client.Deployments.RedeployAsync(current.DeploymentId, UsePreviousImageTag, cancellationToken);
}
