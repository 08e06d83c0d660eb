namespace RailwayOps.Core.Railway;

internal static class UploadMessages
{
    public const string FolderNotFound = "The folder {0} does not exist; nothing was uploaded.";
    public const string FolderUnreadable = "git could not list the files of {0}: {1}";
    public const string Rejected = "Railway refused the upload (HTTP 400): {0}";
    public const string TooLarge = "Railway refused the upload as too large (HTTP 413): {0}";
    public const string UnexpectedStatus = "The upload endpoint {0} answered HTTP {1} {2}.";
    public const string InvalidAnswer = "The upload endpoint {0} answered without a deploymentId.";
    // With the target known ({0} "service web in demo/production"): the names first, the endpoint's ids after.
    public const string RejectedPlaced = "Railway refused the upload to {0} (HTTP 400): {1}";
    public const string TooLargePlaced = "Railway refused the upload to {0} as too large (HTTP 413): {1}";
    public const string UnexpectedStatusPlaced = "The upload to {0} answered HTTP {2} {3} (endpoint {1}).";
    public const string InvalidAnswerPlaced = "The upload to {0} was answered without a deploymentId (endpoint {1}).";
    public const string FailedPlaced = "The upload to {0} failed: {1}";
    public const string Packing = "Packing {0} of {1} file(s), {2} sent";
    public const string Activity = "Uploading {0}";
    public const string ArchiveFailed = "git archive {0} failed: {1}";
}
