namespace RailwayOps;

public static partial class ErrorIds
{
    // Invoke-Cpwtr: one id per way a release-loop run can fail.
    public const string CpwtrRepositoryNotUsable = "CpwtrRepositoryNotUsable";
    public const string CpwtrServiceRequired = "CpwtrServiceRequired";
    public const string CpwtrVersionFailed = "CpwtrVersionFailed";
    public const string CpwtrSecretFileRefused = "CpwtrSecretFileRefused";
    public const string CpwtrCommitFailed = "CpwtrCommitFailed";
    public const string CpwtrPushRejected = "CpwtrPushRejected";
    public const string CpwtrPushFailed = "CpwtrPushFailed";
    public const string CpwtrEnvironmentNotFound = "CpwtrEnvironmentNotFound";
    public const string CpwtrDeploymentNeverAppeared = "CpwtrDeploymentNeverAppeared";
    public const string CpwtrDeploymentFailed = "CpwtrDeploymentFailed";
    public const string CpwtrDeploymentSkipped = "CpwtrDeploymentSkipped";
    public const string CpwtrDeploymentNeedsApproval = "CpwtrDeploymentNeedsApproval";
    public const string CpwtrWaitTimedOut = "CpwtrWaitTimedOut";
    public const string CpwtrHealthFailed = "CpwtrHealthFailed";
    public const string CpwtrVersionMismatch = "CpwtrVersionMismatch";
    public const string CpwtrInvalidRemote = "CpwtrInvalidRemote";
    public const string CpwtrOperationInProgress = "CpwtrOperationInProgress";
    public const string CpwtrRepositoryBusy = "CpwtrRepositoryBusy";
    public const string CpwtrDeploymentInterrupted = "CpwtrDeploymentInterrupted";
    public const string CpwtrDeploymentSuperseded = "CpwtrDeploymentSuperseded";
    public const string CpwtrDeploymentUnstable = "CpwtrDeploymentUnstable";
    public const string CpwtrRailwayRequestFailed = "CpwtrRailwayRequestFailed";
    public const string CpwtrStageFailed = "CpwtrStageFailed";

    // Step-RailwayAppVersion.
    public const string AppVersionNotFound = "AppVersionNotFound";
    public const string AppVersionAmbiguous = "AppVersionAmbiguous";
    public const string AppVersionInvalid = "AppVersionInvalid";
    public const string AppVersionDowngrade = "AppVersionDowngrade";
    public const string AppVersionWriteFailed = "AppVersionWriteFailed";
}
