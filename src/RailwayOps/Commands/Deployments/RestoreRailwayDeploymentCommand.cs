using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// Rolls the service back TO this deployment (deploymentRollback): Railway deploys its source again
/// as a new deployment, which -PassThru and -Wait follow. Refused when canRollback is false.
/// </summary>
[Cmdlet(VerbsData.Restore, "RailwayDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class RestoreRailwayDeploymentCommand : DeploymentActionCmdlet
{
    protected override string ActionFor(RailwayDeployment current) => CmdletText.ActionRollback;

    protected override ErrorRecord? Refusal(RailwayDeployment current) => current.CanRollback
        ? null
        : Refuse(CmdletFailure.CannotRollback, Format(CmdletText.CannotRollback, current.DeploymentId), current,
            Format(CmdletText.RecommendedRollbackCandidates, current.ProjectId, current.EnvironmentId, current.ServiceId));

    protected override async Task<RailwayDeployment> ActAsync(RailwayClient client, RailwayDeployment current, CancellationToken cancellationToken)
    {
        EnsureApplied(await client.Deployments.RollbackAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false), CmdletText.ActionRollback, current);

        // deploymentRollback answers only true; the deployment it started is the service instance's newest.
        var latest = current.ServiceId is { } serviceId
            ? await client.Deployments.GetLatestAsync(current.EnvironmentId, serviceId, cancellationToken).ConfigureAwait(false)
            : null;
        return latest ?? await client.Deployments.GetAsync(current.DeploymentId, cancellationToken).ConfigureAwait(false);
    }
}
