using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    /// <summary>Redeploys a deployment's source; returns the new deployment.</summary>
    public async Task<RailwayDeployment> RedeployDeploymentAsync(string deploymentId, bool usePreviousImageTag, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["id"] = deploymentId, ["usePreviousImageTag"] = usePreviousImageTag };
        var data = await transport.MutateAsync("DeploymentRedeploy", variables, cancellationToken).ConfigureAwait(false);
        return ModelMapper.Deployment(Field(data, "deploymentRedeploy"));
    }

    /// <summary>Restarts the container without a rebuild.</summary>
    public Task<bool> RestartDeploymentAsync(string deploymentId, CancellationToken cancellationToken) =>
        DeploymentActionAsync("DeploymentRestart", "deploymentRestart", deploymentId, cancellationToken);

    /// <summary>Rolls back to this deployment (requires CanRollback).</summary>
    public Task<bool> RollbackDeploymentAsync(string deploymentId, CancellationToken cancellationToken) =>
        DeploymentActionAsync("DeploymentRollback", "deploymentRollback", deploymentId, cancellationToken);

    /// <summary>Cancels a queued or building deployment (it becomes Removed).</summary>
    public Task<bool> CancelDeploymentAsync(string deploymentId, CancellationToken cancellationToken) =>
        DeploymentActionAsync("DeploymentCancel", "deploymentCancel", deploymentId, cancellationToken);

    public Task<bool> StopDeploymentAsync(string deploymentId, CancellationToken cancellationToken) =>
        DeploymentActionAsync("DeploymentStop", "deploymentStop", deploymentId, cancellationToken);

    /// <summary>Stops the deployment and marks it Removed.</summary>
    public Task<bool> RemoveDeploymentAsync(string deploymentId, CancellationToken cancellationToken) =>
        DeploymentActionAsync("DeploymentRemove", "deploymentRemove", deploymentId, cancellationToken);

    /// <summary>Approves a deployment waiting in NeedsApproval.</summary>
    public Task<bool> ApproveDeploymentAsync(string deploymentId, CancellationToken cancellationToken) =>
        DeploymentActionAsync("DeploymentApprove", "deploymentApprove", deploymentId, cancellationToken);

    private async Task<bool> DeploymentActionAsync(string operationName, string field, string deploymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        var data = await transport.MutateAsync(operationName, new JsonObject { ["id"] = deploymentId }, cancellationToken).ConfigureAwait(false);
        return Field(data, field).ValueKind == JsonValueKind.True;
    }
}
