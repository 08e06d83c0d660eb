namespace RailwayOps;

public static partial class ErrorIds
{
    // Invoke-Cpwtr: one id per way a release-loop run can fail.
    public const string CpwtrRepositoryNotUsable = "RailwayCpwtrRepositoryNotUsable";
    public const string CpwtrServiceRequired = "RailwayCpwtrServiceRequired";
    public const string CpwtrVersionFailed = "RailwayCpwtrVersionFailed";
    public const string CpwtrSecretFileRefused = "RailwayCpwtrSecretFileRefused";
    public const string CpwtrCommitFailed = "RailwayCpwtrCommitFailed";
    public const string CpwtrPushRejected = "RailwayCpwtrPushRejected";
    public const string CpwtrPushFailed = "RailwayCpwtrPushFailed";
    public const string CpwtrEnvironmentNotFound = "RailwayCpwtrEnvironmentNotFound";
    public const string CpwtrDeploymentNeverAppeared = "RailwayCpwtrDeploymentNeverAppeared";
    public const string CpwtrDeploymentFailed = "RailwayCpwtrDeploymentFailed";
    public const string CpwtrDeploymentSkipped = "RailwayCpwtrDeploymentSkipped";
    public const string CpwtrDeploymentNeedsApproval = "RailwayCpwtrDeploymentNeedsApproval";
    public const string CpwtrWaitTimedOut = "RailwayCpwtrWaitTimedOut";
    public const string CpwtrHealthFailed = "RailwayCpwtrHealthFailed";
    public const string CpwtrVersionMismatch = "RailwayCpwtrVersionMismatch";
    public const string CpwtrInvalidRemote = "RailwayCpwtrInvalidRemote";
    public const string CpwtrOperationInProgress = "RailwayCpwtrOperationInProgress";
    public const string CpwtrRepositoryBusy = "RailwayCpwtrRepositoryBusy";
    public const string CpwtrDeploymentInterrupted = "RailwayCpwtrDeploymentInterrupted";
    public const string CpwtrDeploymentSuperseded = "RailwayCpwtrDeploymentSuperseded";
    public const string CpwtrDeploymentUnstable = "RailwayCpwtrDeploymentUnstable";
    public const string CpwtrRailwayRequestFailed = "RailwayCpwtrRailwayRequestFailed";
    public const string CpwtrStageFailed = "RailwayCpwtrStageFailed";

    // Step-RailwayAppVersion.
    public const string AppVersionNotFound = "RailwayAppVersionNotFound";
    public const string AppVersionAmbiguous = "RailwayAppVersionAmbiguous";
    public const string AppVersionInvalid = "RailwayAppVersionInvalid";
    public const string AppVersionDowngrade = "RailwayAppVersionDowngrade";
    public const string AppVersionWriteFailed = "RailwayAppVersionWriteFailed";
}
