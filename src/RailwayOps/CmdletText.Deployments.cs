namespace RailwayOps;

internal static partial class CmdletText
{
    public const string DeploymentTarget = "deployment {0} of {1}/{2} ({3}, commit {4})";
    public const string WaitTargetIncomplete = "Waiting for {0} needs a project, an environment and a service; the {1} is missing. Pass -{1}, set RAILWAY_{2}_ID, or link the folder with 'railway link'.";
    public const string WaitWhatLatest = "the latest deployment";
    public const string WaitWhatCommit = "the deployment of commit {0}";
    public const string WaitSleeping = "Deployment {0} is SLEEPING: the app is idle, not failed. The deployment is written to the pipeline.";
    public const string RecommendedLogs = "Get-RailwayDeploymentLog -DeploymentId {0} -Type Build -Tail 50; Get-RailwayDeploymentLog -DeploymentId {0} -Type Deploy -Tail 200";
    public const string RecommendedUnstable = "Get-RailwayDeploymentLog -DeploymentId {0} -Type Deploy -Tail 200";
    public const string RecommendedRemoved = "Get-RailwayDeployment -Project {0} -Environment {1} -Service {2} -First 3";
    public const string RecommendedSkipped = "Push a change that matches the service's watch patterns, or run Redo-RailwayDeployment -DeploymentId {0}";
    public const string RecommendedApprove = "Approve-RailwayDeployment -DeploymentId {0} -Wait";
    public const string RecommendedNeverAppeared = "Get-RailwayDeployment -Project {0} -Environment {1} -Service {2} -First 5  # check the service's branch and watch patterns, and that the push reached the remote";
    public const string RecommendedTimeout = "Wait-RailwayDeployment -DeploymentId {0} -TimeoutSec 1200";
    public const string RecommendedTimeoutNoDeployment = "Wait-RailwayDeployment -Project {0} -Environment {1} -Service {2} -CommitSha <sha> -TimeoutSec 1200";

    public const string LogTargetRequired = "Get-RailwayDeploymentLog reads one deployment's log: pipe deployments, pass -Id, or name a service so that its latest deployment is read; nothing says {0} here (pass it, set the RAILWAY_*_ID variable, link the folder with 'railway link', or run Connect-Railway with it).";
    public const string RecommendedLogTarget = "Get-RailwayDeployment -First 5 lists the newest deployments the token sees, with their ids.";
    public const string LogNoDeployment = "Service '{0}' of {1}/{2} has no deployment yet, so there is no log to read.";
    public const string LogLatestDeployment = "Reading deployment {0}, the latest of {1} in {2}/{3} ({4}).";
    public const string LogIdNotUuid = "That is not a deployment id: Railway's deployment ids are UUIDs such as 28e18961-5f0b-4c3e-9a52-0c7f2f6a1b2c; Get-RailwayDeployment lists them with their DeploymentId.";
    public const string ActionRedeploy = "Redeploy (build and deploy the same source again)";
    public const string ActionRestart = "Restart (no rebuild)";
    public const string ActionRollback = "Roll back to this deployment";
    public const string ActionCancel = "Cancel (abort) the deployment in progress";
    public const string ActionStop = "Stop the running deployment";
    public const string ActionRemove = "Remove (stop and mark REMOVED)";
    public const string ActionApprove = "Approve";
    public const string ActionApplied = "{0}: {1} done.";
    public const string ActionNotApplied = "Railway answered false to '{0}' for deployment {1}; nothing changed.";
    public const string CannotRedeploy = "Deployment {0} cannot be redeployed (canRedeploy is false), for example because it has no source to build.";
    public const string CannotRollback = "Deployment {0} cannot be rolled back to (canRollback is false): only a deployment that was live and is not the live one now can be restored.";
    public const string NotAwaitingApproval = "Deployment {0} is {1}, not NEEDS_APPROVAL; there is nothing to approve.";
    public const string RecommendedRollbackCandidates = "Get-RailwayDeployment -Project {0} -Environment {1} -Service {2} | Where-Object CanRollback";
    public const string RecommendedRedoCandidates = "Get-RailwayDeployment -Project {0} -Environment {1} -Service {2} | Where-Object CanRedeploy";
}
