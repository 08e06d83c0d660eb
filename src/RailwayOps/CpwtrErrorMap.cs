using System.Management.Automation;
using RailwayOps.Core.Cpwtr;
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
        _ => (ErrorIds.CpwtrDeploymentFailed, ErrorCategory.InvalidResult, exception.Result?.NextCommand),
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
