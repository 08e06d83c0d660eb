namespace RailwayOps.Core.Railway;

internal static class UploadMessages
{
    public const string FolderNotFound = "The folder {0} does not exist; nothing was uploaded.";
    public const string FolderUnreadable = "git could not list the files of {0}: {1}";
    public const string Rejected = "Railway refused the upload (HTTP 400): {0}";
    public const string TooLarge = "Railway refused the upload as too large (HTTP 413): {0}";
    public const string UnexpectedStatus = "The upload endpoint {0} answered HTTP {1} {2}.";
    public const string InvalidAnswer = "The upload endpoint {0} answered without a deploymentId.";
    public const string Packing = "Packing {0} of {1} file(s), {2} sent";
    public const string Activity = "Uploading {0}";
    public const string ArchiveFailed = "git archive {0} failed: {1}";
}
