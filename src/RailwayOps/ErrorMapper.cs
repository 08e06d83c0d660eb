using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Emulator;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Secrets;

namespace RailwayOps;

/// <summary>Maps Core's exceptions to ErrorRecords with a stable ErrorId, a deliberate category and redacted text.</summary>
internal static class ErrorMapper
{
    public static ErrorRecord ToErrorRecord(Exception exception, object? target)
    {
        var (errorId, category, recommended) = Classify(exception);
        var safeException = exception is RailwayApiException or ResolutionException or EmulatorException or ParameterBindingException or ArgumentException
            or Core.Release.ReleaseException or Core.Versioning.VersionException
            ? exception
            : new InvalidOperationException(Redactor.Global.Redact(string.Format(CultureInfo.InvariantCulture, CmdletText.UnexpectedError, exception.Message)));
        var record = new ErrorRecord(safeException, errorId, category, SafeTarget(target));
        var message = Redactor.Global.Redact(exception.Message);
        if (exception is RailwayApiException { ServerMessage: { Length: > 0 } server } && !message.Contains(server, StringComparison.Ordinal))
        {
            message = string.Format(CultureInfo.InvariantCulture, CmdletText.ServerSaid, message, Redactor.Global.Redact(server));
        }

        record.ErrorDetails = new ErrorDetails(SafeText.Of(message));
        if (recommended is not null)
        {
            record.ErrorDetails.RecommendedAction = recommended;
        }

        return record;
    }

    /// <summary>
    /// An error's target as it may be shown (its CategoryInfo prints it): a URI without its user info, a string
    /// through the redactor; other objects as they are.
    /// </summary>
    public static object? SafeTarget(object? target) => target switch
    {
        Uri uri => UrlRedaction.Redact(uri),
        string text => Redactor.Global.Redact(text),
        _ => target,
    };

    private static (string ErrorId, ErrorCategory Category, string? Recommended) Classify(Exception exception) => exception switch
    {
        RailwayApiException api => api.Kind switch
        {
            RailwayApiErrorKind.Unauthorized => (ErrorIds.Unauthorized, ErrorCategory.AuthenticationError, CmdletText.RecommendedUnauthorized),
            RailwayApiErrorKind.Forbidden => (ErrorIds.Forbidden, ErrorCategory.PermissionDenied, null),
            RailwayApiErrorKind.NotFound => (NotFoundId(api.Resource), ErrorCategory.ObjectNotFound, null),
            RailwayApiErrorKind.RateLimited => (ErrorIds.RateLimited, ErrorCategory.LimitsExceeded, CmdletText.RecommendedRateLimited),
            RailwayApiErrorKind.Timeout => (ErrorIds.Timeout, ErrorCategory.OperationTimeout, null),
            RailwayApiErrorKind.Transport => (ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError, null),
            RailwayApiErrorKind.GraphQL => (ErrorIds.GraphQLError, ErrorCategory.InvalidOperation, null),
            RailwayApiErrorKind.InsecureEndpoint => (ErrorIds.InsecureEndpoint, ErrorCategory.SecurityError, null),
            RailwayApiErrorKind.InvalidToken => (ErrorIds.InvalidToken, ErrorCategory.InvalidArgument, CmdletText.RecommendedInvalidToken),
            _ => (ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, null),
        },
        ResolutionException resolution => resolution.Kind switch
        {
            ResolutionErrorKind.NoToken => (ErrorIds.NoToken, ErrorCategory.AuthenticationError, CmdletText.RecommendedNoToken),
            ResolutionErrorKind.EnvironmentWithoutProject => (ErrorIds.EnvironmentWithoutProject, ErrorCategory.InvalidArgument, null),
            ResolutionErrorKind.ProjectRequired => (ErrorIds.ProjectRequired, ErrorCategory.InvalidArgument, null),
            _ => (ErrorIds.InvalidEndpoint, ErrorCategory.InvalidArgument, null),
        },
        Core.Release.ReleaseException release => ReleaseErrorMap.Classify(release),
        Core.Versioning.VersionException version => ReleaseErrorMap.Classify(version),
        EmulatorException emulator => emulator.Kind switch
        {
            EmulatorErrorKind.NotInstalled => (ErrorIds.EmulatorNotInstalled, ErrorCategory.ObjectNotFound, null),
            EmulatorErrorKind.DotnetNotFound => (ErrorIds.DotnetNotFound, ErrorCategory.ObjectNotFound, null),
            EmulatorErrorKind.SeedNotFound => (ErrorIds.EmulatorSeedNotFound, ErrorCategory.ObjectNotFound, null),
            EmulatorErrorKind.NotReady => (ErrorIds.EmulatorStartFailed, ErrorCategory.OperationTimeout, null),
            EmulatorErrorKind.InvalidSeed => (ErrorIds.EmulatorInvalidSeed, ErrorCategory.InvalidData, null),
            EmulatorErrorKind.StateDirectoryInvalid => (ErrorIds.EmulatorStateDirectoryInvalid, ErrorCategory.InvalidArgument, null),
            _ => (ErrorIds.EmulatorStartFailed, ErrorCategory.InvalidResult, null),
        },
        _ => (ErrorIds.Unexpected, ErrorCategory.NotSpecified, null),
    };

    private static string NotFoundId(RailwayResourceKind? resource) => resource switch
    {
        RailwayResourceKind.Project => ErrorIds.ProjectNotFound,
        RailwayResourceKind.Environment => ErrorIds.EnvironmentNotFound,
        RailwayResourceKind.Service => ErrorIds.ServiceNotFound,
        RailwayResourceKind.Deployment => ErrorIds.DeploymentNotFound,
        _ => ErrorIds.NotFound,
    };
}
