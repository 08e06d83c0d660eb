using System.Management.Automation;
using RailwayOps.Core.Release;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Versioning;

namespace RailwayOps;

/// <summary>ErrorIds and categories of the release loop and of version bumping (used by <see cref="ErrorMapper"/>).</summary>
internal static class ReleaseErrorMap
{
    public static (string ErrorId, ErrorCategory Category, string? Recommended) Classify(ReleaseException exception) => exception.Kind switch
    {
        ReleaseFailureKind.RepositoryNotUsable => (ErrorIds.CpwtrRepositoryNotUsable, ErrorCategory.InvalidArgument, null),
        ReleaseFailureKind.ServiceRequired => (ErrorIds.CpwtrServiceRequired, ErrorCategory.InvalidArgument, null),
        ReleaseFailureKind.VersionFailed => (ErrorIds.CpwtrVersionFailed, ErrorCategory.InvalidData, exception.Result?.NextCommand),
        ReleaseFailureKind.SecretFileRefused => (ErrorIds.CpwtrSecretFileRefused, ErrorCategory.SecurityError, exception.Result?.NextCommand),
        ReleaseFailureKind.CommitFailed => (ErrorIds.CpwtrCommitFailed, ErrorCategory.WriteError, exception.Result?.NextCommand),
        ReleaseFailureKind.PushRejected => (ErrorIds.CpwtrPushRejected, ErrorCategory.ResourceUnavailable, exception.Result?.NextCommand),
        ReleaseFailureKind.PushFailed => (ErrorIds.CpwtrPushFailed, ErrorCategory.ConnectionError, exception.Result?.NextCommand),
        ReleaseFailureKind.EnvironmentNotFound => (ErrorIds.CpwtrEnvironmentNotFound, ErrorCategory.ObjectNotFound, exception.Result?.NextCommand),
        ReleaseFailureKind.DeploymentNeverAppeared => (ErrorIds.CpwtrDeploymentNeverAppeared, ErrorCategory.ObjectNotFound, exception.Result?.NextCommand),
        ReleaseFailureKind.DeploymentSkipped => (ErrorIds.CpwtrDeploymentSkipped, ErrorCategory.OperationStopped, exception.Result?.NextCommand),
        ReleaseFailureKind.DeploymentNeedsApproval => (ErrorIds.CpwtrDeploymentNeedsApproval, ErrorCategory.PermissionDenied, exception.Result?.NextCommand),
        ReleaseFailureKind.WaitTimedOut => (ErrorIds.CpwtrWaitTimedOut, ErrorCategory.OperationTimeout, exception.Result?.NextCommand),
        ReleaseFailureKind.HealthFailed => (ErrorIds.CpwtrHealthFailed, ErrorCategory.InvalidResult, exception.Result?.NextCommand),
        ReleaseFailureKind.VersionMismatch => (ErrorIds.CpwtrVersionMismatch, ErrorCategory.InvalidResult, exception.Result?.NextCommand),
        ReleaseFailureKind.InvalidRemote => (ErrorIds.CpwtrInvalidRemote, ErrorCategory.InvalidArgument, null),
        ReleaseFailureKind.OperationInProgress => (ErrorIds.CpwtrOperationInProgress, ErrorCategory.InvalidOperation, null),
        ReleaseFailureKind.RepositoryBusy => (ErrorIds.CpwtrRepositoryBusy, ErrorCategory.ResourceBusy, null),
        ReleaseFailureKind.DeploymentInterrupted => (ErrorIds.CpwtrDeploymentInterrupted, ErrorCategory.OperationStopped, exception.Result?.NextCommand),
        ReleaseFailureKind.DeploymentSuperseded => (ErrorIds.CpwtrDeploymentSuperseded, ErrorCategory.OperationStopped, exception.Result?.NextCommand),
        ReleaseFailureKind.DeploymentUnstable => (ErrorIds.CpwtrDeploymentUnstable, ErrorCategory.ResourceUnavailable, exception.Result?.NextCommand),
        ReleaseFailureKind.RailwayRequestFailed => (ErrorIds.CpwtrRailwayRequestFailed, RailwayCategory(exception.Result?.RailwayErrorKind), exception.Result?.NextCommand),
        ReleaseFailureKind.StageFailed => (ErrorIds.CpwtrStageFailed, ErrorCategory.InvalidOperation, exception.Result?.NextCommand),
        _ => (ErrorIds.CpwtrDeploymentFailed, ErrorCategory.InvalidResult, exception.Result?.NextCommand),
    };

    /// <summary>The category a Railway failure inside a stage has, as the same failure of any other cmdlet.</summary>
    private static ErrorCategory RailwayCategory(RailwayApiErrorKind? kind) => kind switch
    {
        RailwayApiErrorKind.Unauthorized => ErrorCategory.AuthenticationError,
        RailwayApiErrorKind.Forbidden => ErrorCategory.PermissionDenied,
        RailwayApiErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        RailwayApiErrorKind.RateLimited => ErrorCategory.LimitsExceeded,
        RailwayApiErrorKind.Timeout => ErrorCategory.OperationTimeout,
        RailwayApiErrorKind.Transport => ErrorCategory.ConnectionError,
        RailwayApiErrorKind.GraphQL => ErrorCategory.InvalidOperation,
        RailwayApiErrorKind.InsecureEndpoint => ErrorCategory.SecurityError,
        _ => ErrorCategory.InvalidResult,
    };

    public static (string ErrorId, ErrorCategory Category, string? Recommended) Classify(VersionException exception) => exception switch
    {
        VersionSourceNotFoundException => (ErrorIds.AppVersionNotFound, ErrorCategory.ObjectNotFound, null),
        AmbiguousVersionSourceException => (ErrorIds.AppVersionAmbiguous, ErrorCategory.InvalidArgument, null),
        InvalidVersionException => (ErrorIds.AppVersionInvalid, ErrorCategory.InvalidData, null),
        VersionDowngradeException => (ErrorIds.AppVersionDowngrade, ErrorCategory.InvalidArgument, null),
        _ => (ErrorIds.AppVersionWriteFailed, ErrorCategory.WriteError, null),
    };
}
