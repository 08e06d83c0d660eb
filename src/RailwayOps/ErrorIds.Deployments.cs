namespace RailwayOps;

public static partial class ErrorIds
{
    // Waiting for deployments (Wait-RailwayDeployment and every -Wait).
    public const string DeploymentFailed = "DeploymentFailed";
    public const string DeploymentCrashed = "DeploymentCrashed";
    public const string DeploymentRemoved = "DeploymentRemoved";
    public const string DeploymentSkipped = "DeploymentSkipped";
    public const string DeploymentNeedsApproval = "DeploymentNeedsApproval";
    public const string DeploymentNeverAppeared = "DeploymentNeverAppeared";
    public const string DeploymentWaitTimeout = "DeploymentWaitTimeout";
    public const string DeploymentUnstable = "DeploymentUnstable";
    public const string WaitTargetIncomplete = "RailwayWaitTargetIncomplete";

    // Get-RailwayDeploymentLog with neither an id nor a complete target.
    public const string LogTargetIncomplete = "RailwayLogTargetIncomplete";

    // Deployment actions.
    public const string DeploymentCannotRedeploy = "DeploymentCannotRedeploy";
    public const string DeploymentCannotRollback = "DeploymentCannotRollback";
    public const string DeploymentNotAwaitingApproval = "DeploymentNotAwaitingApproval";
    public const string DeploymentActionNotApplied = "DeploymentActionNotApplied";
}
