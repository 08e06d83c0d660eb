namespace RailwayOps;

public static partial class ErrorIds
{
    // Deploy-RailwayService (railway up, redeploy --from-source).
    public const string UploadRejected = "RailwayUploadRejected";
    public const string UploadTooLarge = "RailwayUploadTooLarge";
    public const string UploadSourceNotFound = "RailwayUploadSourceNotFound";
    public const string UploadSourceUnreadable = "RailwayUploadSourceUnreadable";
    public const string DeployTargetIncomplete = "RailwayDeployTargetIncomplete";
    public const string DeployNoRepository = "RailwayDeployNoRepository";

    // Invoke-Cpwtr for an upload-sourced service.
    public const string CpwtrUploadFailed = "RailwayCpwtrUploadFailed";

    // Invoke-RailwayCommand (railway run).
    public const string CommandTargetIncomplete = "RailwayCommandTargetIncomplete";
    public const string CommandNotFound = "RailwayCommandNotFound";
}
