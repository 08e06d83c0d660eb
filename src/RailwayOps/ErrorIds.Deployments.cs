namespace RailwayOps;

public static partial class ErrorIds
{
    // Waiting for deployments (Wait-RailwayDeployment and every -Wait).
    public const string DeploymentFailed = "RailwayDeploymentFailed";
    public const string DeploymentCrashed = "RailwayDeploymentCrashed";
    public const string DeploymentRemoved = "RailwayDeploymentRemoved";
    public const string DeploymentSkipped = "RailwayDeploymentSkipped";
    public const string DeploymentNeedsApproval = "RailwayDeploymentNeedsApproval";
    public const string DeploymentNeverAppeared = "RailwayDeploymentNeverAppeared";
    public const string DeploymentWaitTimeout = "RailwayDeploymentWaitTimeout";
    public const string DeploymentUnstable = "RailwayDeploymentUnstable";
    public const string WaitTargetIncomplete = "RailwayWaitTargetIncomplete";

    // Get-RailwayDeploymentLog with neither an id nor a complete target.
    public const string LogTargetIncomplete = "RailwayLogTargetIncomplete";

    // Deployment actions.
    public const string DeploymentCannotRedeploy = "RailwayDeploymentCannotRedeploy";
    public const string DeploymentCannotRollback = "RailwayDeploymentCannotRollback";
    public const string DeploymentNotAwaitingApproval = "RailwayDeploymentNotAwaitingApproval";
    public const string DeploymentActionNotApplied = "RailwayDeploymentActionNotApplied";
}
