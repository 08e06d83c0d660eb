using System.Management.Automation;
using RailwayOps.Core.Cpwtr;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Versioning;

namespace RailwayOps;

/// <summary>ErrorIds and categories of the release loop and of version bumping (used by <see cref="ErrorMapper"/>).</summary>
internal static class CpwtrErrorMap
{
    public static (string ErrorId, ErrorCategory Category, string? Recommended) Classify(CpwtrException exception) => exception.Kind switch
    {
        CpwtrFailureKind.RepositoryNotUsable => (ErrorIds.CpwtrRepositoryNotUsable, ErrorCategory.InvalidArgument, null),
        CpwtrFailureKind.ServiceRequired => (ErrorIds.CpwtrServiceRequired, ErrorCategory.InvalidArgument, null),
        CpwtrFailureKind.VersionFailed => (ErrorIds.CpwtrVersionFailed, ErrorCategory.InvalidData, exception.Result?.NextCommand),
        CpwtrFailureKind.SecretFileRefused => (ErrorIds.CpwtrSecretFileRefused, ErrorCategory.SecurityError, exception.Result?.NextCommand),
        CpwtrFailureKind.CommitFailed => (ErrorIds.CpwtrCommitFailed, ErrorCategory.WriteError, exception.Result?.NextCommand),
        CpwtrFailureKind.PushRejected => (ErrorIds.CpwtrPushRejected, ErrorCategory.ResourceUnavailable, exception.Result?.NextCommand),
        CpwtrFailureKind.PushFailed => (ErrorIds.CpwtrPushFailed, ErrorCategory.ConnectionError, exception.Result?.NextCommand),
        CpwtrFailureKind.EnvironmentNotFound => (ErrorIds.CpwtrEnvironmentNotFound, ErrorCategory.ObjectNotFound, exception.Result?.NextCommand),
        CpwtrFailureKind.DeploymentNeverAppeared => (ErrorIds.CpwtrDeploymentNeverAppeared, ErrorCategory.ObjectNotFound, exception.Result?.NextCommand),
        CpwtrFailureKind.DeploymentSkipped => (ErrorIds.CpwtrDeploymentSkipped, ErrorCategory.OperationStopped, exception.Result?.NextCommand),
        CpwtrFailureKind.DeploymentNeedsApproval => (ErrorIds.CpwtrDeploymentNeedsApproval, ErrorCategory.PermissionDenied, exception.Result?.NextCommand),
        CpwtrFailureKind.WaitTimedOut => (ErrorIds.CpwtrWaitTimedOut, ErrorCategory.OperationTimeout, exception.Result?.NextCommand),
        CpwtrFailureKind.HealthFailed => (ErrorIds.CpwtrHealthFailed, ErrorCategory.InvalidResult, exception.Result?.NextCommand),
        CpwtrFailureKind.VersionMismatch => (ErrorIds.CpwtrVersionMismatch, ErrorCategory.InvalidResult, exception.Result?.NextCommand),
        CpwtrFailureKind.InvalidRemote => (ErrorIds.CpwtrInvalidRemote, ErrorCategory.InvalidArgument, null),
        CpwtrFailureKind.OperationInProgress => (ErrorIds.CpwtrOperationInProgress, ErrorCategory.InvalidOperation, null),
        CpwtrFailureKind.RepositoryBusy => (ErrorIds.CpwtrRepositoryBusy, ErrorCategory.ResourceBusy, null),
        CpwtrFailureKind.DeploymentInterrupted => (ErrorIds.CpwtrDeploymentInterrupted, ErrorCategory.OperationStopped, exception.Result?.NextCommand),
        CpwtrFailureKind.DeploymentSuperseded => (ErrorIds.CpwtrDeploymentSuperseded, ErrorCategory.OperationStopped, exception.Result?.NextCommand),
        CpwtrFailureKind.DeploymentUnstable => (ErrorIds.CpwtrDeploymentUnstable, ErrorCategory.ResourceUnavailable, exception.Result?.NextCommand),
        CpwtrFailureKind.RailwayRequestFailed => (ErrorIds.CpwtrRailwayRequestFailed, RailwayCategory(exception.Result?.RailwayErrorKind), exception.Result?.NextCommand),
        CpwtrFailureKind.StageFailed => (ErrorIds.CpwtrStageFailed, ErrorCategory.InvalidOperation, exception.Result?.NextCommand),
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
