using System.Globalization;
using System.Management.Automation;
using RailwayOps.Commands;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Emulator;
using RailwayOps.Core.GitHub;
using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Release;
using RailwayOps.Core.Resilience;
using RailwayOps.Core.Secrets;
using RailwayOps.Core.Variables;
using RailwayOps.Core.Versioning;
using RailwayOps.Core.Waiting;
using static System.Management.Automation.ErrorCategory;

namespace RailwayOps;

/// <summary>
/// A failure a cmdlet finds itself, before or beside Core (an incomplete target, a refusal, a name that
/// matched nothing). Core's failures carry their own kind on their exception (<see cref="ErrorMap"/>).
/// </summary>
internal enum CmdletFailure
{
    // Deployments.
    WaitTargetIncomplete,
    CannotRedeploy,
    CannotRollback,
    NotAwaitingApproval,

    // Logs.
    LogTargetIncomplete,
    LogNoDeployment,

    // Variables: "missing" when no source names the piece, "required" when the resolved target has none.
    VariableSharedWithService,
    VariableProjectMissing,
    VariableEnvironmentMissing,
    VariableServiceMissing,
    VariableEnvironmentRequired,
    VariableServiceRequired,
    VariableNotFound,
    NoVariablesGiven,
    DotEnvNotFound,

    // Commit status.
    CommitStatusNoRepository,
    CommitStatusNoCommit,

    // Health.
    HealthTargetRequired,
    InvalidHealthUri,

    // Emulator.
    EmulatorNotRunning,

    // Any cmdlet that asks before it changes something.
    ConfirmationRequired,

    // Environments, domains and status.
    InvalidEnvironmentName,
    EnvironmentExists,
    EnvironmentSourceOtherProject,
    DomainTargetIncomplete,
    DomainExists,
    DomainTaken,
    InvalidDomainName,
    DomainNotFound,
    // Deploy-RailwayService and Invoke-RailwayCommand.
    DeployTargetIncomplete,
    DeployNoRepository,
    UploadSourceNotFound,
    CommandTargetIncomplete,
    CommandNotFound,
    // Service instances (settings, replicas) and config files.
    ServiceInstanceTargetRequired,
    InvalidServiceSetting,
    ServiceSettingNotApplied,
    ServiceInstanceNoDeployment,
    ConfigFileNotFound,
    InvalidConfigFile,
    InvalidVolumeMountPath,
    VolumeExists,
    VolumeNotApplied,
    MetricWindowInvalid,
    // Databases.
    InvalidDatabaseName,
    DatabaseNameTaken,
    DatabaseBackupExists,
}

/// <summary>What a failure kind is written as: its ErrorId, its category and, when the failure itself knows it, what to do next.</summary>
/// <param name="Recommended">The next step from the failure (a fixed text, or read from its exception); a cmdlet that knows better passes its own.</param>
/// <param name="CategoryOf">The category when the exception decides it (a Railway request failing inside a release stage).</param>
internal sealed record ErrorRow(string ErrorId, ErrorCategory Category, Func<Exception, string?>? Recommended = null, Func<Exception, ErrorCategory?>? CategoryOf = null);

/// <summary>
/// The one table from failure to ErrorRecord: which ErrorId, category and recommended action each failure
/// kind is written with, read in one place. A failure kind is the kind a Core exception carries
/// (<c>RailwayApiErrorKind.Forbidden</c>, <c>ReleaseFailureKind.PushRejected</c>, <c>WaitOutcomeKind.Failed</c>,
/// a <c>RailwayResourceKind</c> for a NotFound), an exception type where failures differ by type (the
/// <see cref="VersionException"/> family, the variable and health exceptions), or a <see cref="CmdletFailure"/>.
/// <para>
/// Every ErrorRecord the module writes is made by <see cref="For(Exception, object?, string?)"/> or
/// <see cref="For(CmdletFailure, Exception, object?, string?)"/>: the target is the input the failure concerns,
/// shown through <see cref="SafeTarget"/>; the message is redacted, made safe for a terminal, and carries no stack
/// trace; an exception no row knows is RailwayUnexpectedError. A new area adds its ids to ErrorIds.&lt;Area&gt;.cs and
/// its rows to its own section here.
/// </para>
/// </summary>
internal static class ErrorMap
{
    private static readonly Dictionary<object, ErrorRow> Table = new()
    {
        // Resolution: nothing can work (ResolutionException.Kind).
        [ResolutionErrorKind.NoToken] = Row(ErrorIds.NoToken, AuthenticationError, CmdletText.RecommendedNoToken),
        [ResolutionErrorKind.EnvironmentWithoutProject] = Row(ErrorIds.EnvironmentWithoutProject, InvalidArgument),
        [ResolutionErrorKind.ProjectRequired] = Row(ErrorIds.ProjectRequired, InvalidArgument),
        [ResolutionErrorKind.InvalidEndpoint] = Row(ErrorIds.InvalidEndpoint, InvalidArgument),

        // Railway API (RailwayApiException.Kind; a NotFound that names its resource by RailwayResourceKind).
        [RailwayApiErrorKind.Unauthorized] = Row(ErrorIds.Unauthorized, AuthenticationError, CmdletText.RecommendedUnauthorized),
        [RailwayApiErrorKind.Forbidden] = Row(ErrorIds.Forbidden, PermissionDenied),
        [RailwayApiErrorKind.NotFound] = Row(ErrorIds.NotFound, ObjectNotFound),
        [RailwayResourceKind.Project] = Row(ErrorIds.ProjectNotFound, ObjectNotFound),
        [RailwayResourceKind.Environment] = Row(ErrorIds.EnvironmentNotFound, ObjectNotFound),
        [RailwayResourceKind.Service] = Row(ErrorIds.ServiceNotFound, ObjectNotFound),
        [RailwayResourceKind.Deployment] = Row(ErrorIds.DeploymentNotFound, ObjectNotFound),
        [RailwayApiErrorKind.RateLimited] = Row(ErrorIds.RateLimited, LimitsExceeded, CmdletText.RecommendedRateLimited),
        [RailwayApiErrorKind.Timeout] = Row(ErrorIds.Timeout, OperationTimeout),
        [RailwayApiErrorKind.Transport] = Row(ErrorIds.ConnectionFailed, ConnectionError),
        [RailwayApiErrorKind.GraphQL] = Row(ErrorIds.GraphQLError, InvalidOperation),
        [RailwayApiErrorKind.InvalidResponse] = Row(ErrorIds.InvalidResponse, InvalidResult),
        [RailwayApiErrorKind.InsecureEndpoint] = Row(ErrorIds.InsecureEndpoint, SecurityError),
        [RailwayApiErrorKind.InvalidToken] = Row(ErrorIds.InvalidToken, InvalidArgument, CmdletText.RecommendedInvalidToken),

        // Waiting for deployments (WaitOutcomeKind; an Error outcome is its own exception's row).
        [WaitOutcomeKind.Failed] = Row(ErrorIds.DeploymentFailed, InvalidResult),
        [WaitOutcomeKind.Crashed] = Row(ErrorIds.DeploymentCrashed, ResourceUnavailable),
        [WaitOutcomeKind.Removed] = Row(ErrorIds.DeploymentRemoved, OperationStopped),
        [WaitOutcomeKind.Skipped] = Row(ErrorIds.DeploymentSkipped, NotEnabled),
        [WaitOutcomeKind.NeedsApproval] = Row(ErrorIds.DeploymentNeedsApproval, PermissionDenied),
        [WaitOutcomeKind.NeverAppeared] = Row(ErrorIds.DeploymentNeverAppeared, ObjectNotFound),
        [WaitOutcomeKind.TimedOut] = Row(ErrorIds.DeploymentWaitTimeout, OperationTimeout),
        [typeof(DeploymentUnstableException)] = Row(ErrorIds.DeploymentUnstable, ResourceUnavailable),
        [CmdletFailure.WaitTargetIncomplete] = Row(ErrorIds.WaitTargetIncomplete, InvalidArgument),

        // Deployment actions.
        [CmdletFailure.CannotRedeploy] = Row(ErrorIds.DeploymentCannotRedeploy, InvalidOperation),
        [CmdletFailure.CannotRollback] = Row(ErrorIds.DeploymentCannotRollback, InvalidOperation),
        [CmdletFailure.NotAwaitingApproval] = Row(ErrorIds.DeploymentNotAwaitingApproval, InvalidOperation),
        [typeof(DeploymentActionException)] = Row(ErrorIds.DeploymentActionNotApplied, InvalidResult),

        // Logs.
        [CmdletFailure.LogTargetIncomplete] = Row(ErrorIds.LogTargetIncomplete, InvalidArgument, CmdletText.RecommendedLogTarget),
        [CmdletFailure.LogNoDeployment] = Row(ErrorIds.DeploymentNotFound, ObjectNotFound),

        // Variables.
        [CmdletFailure.VariableSharedWithService] = Row(ErrorIds.VariableSharedWithService, InvalidArgument),
        [CmdletFailure.VariableProjectMissing] = Row(ErrorIds.ProjectRequired, InvalidArgument, CmdletText.RecommendedVariableTarget),
        [CmdletFailure.VariableEnvironmentMissing] = Row(ErrorIds.VariableEnvironmentRequired, InvalidArgument, CmdletText.RecommendedVariableTarget),
        [CmdletFailure.VariableServiceMissing] = Row(ErrorIds.VariableServiceRequired, InvalidArgument, CmdletText.RecommendedVariableTarget),
        [CmdletFailure.VariableEnvironmentRequired] = Row(ErrorIds.VariableEnvironmentRequired, InvalidArgument),
        [CmdletFailure.VariableServiceRequired] = Row(ErrorIds.VariableServiceRequired, InvalidArgument),
        [CmdletFailure.VariableNotFound] = Row(ErrorIds.VariableNotFound, ObjectNotFound),
        [CmdletFailure.NoVariablesGiven] = Row(ErrorIds.InvalidVariableValue, InvalidArgument),
        [CmdletFailure.DotEnvNotFound] = Row(ErrorIds.DotEnvNotFound, ObjectNotFound),
        [typeof(InvalidVariableNameException)] = Row(ErrorIds.InvalidVariableName, InvalidArgument),
        [typeof(InvalidVariableValueException)] = Row(ErrorIds.InvalidVariableValue, InvalidArgument),
        [typeof(DotEnvFormatException)] = Row(ErrorIds.InvalidDotEnv, InvalidData, CmdletText.RecommendedDotEnv),
        [VariableWriteFailure.Rejected] = Row(ErrorIds.VariableWriteRejected, InvalidResult, CmdletText.RecommendedNotApplied),
        [VariableWriteFailure.NotApplied] = Row(ErrorIds.VariableWriteNotApplied, InvalidResult, CmdletText.RecommendedNotApplied),

        // Health (HealthCheckException.Kind, and the exceptions of finding the URL).
        [HealthFailureKind.Unhealthy] = Row(ErrorIds.HealthCheckFailed, InvalidResult),
        [HealthFailureKind.NoAnswer] = Row(ErrorIds.HealthCheckFailed, ConnectionError),
        [HealthFailureKind.TimedOut] = Row(ErrorIds.HealthCheckFailed, OperationTimeout),
        [HealthFailureKind.VersionMismatch] = Row(ErrorIds.HealthVersionMismatch, InvalidResult, CmdletText.RecommendedHealthVersion),
        [HealthFailureKind.Unstable] = Row(ErrorIds.HealthUnstable, ResourceUnavailable),
        [CmdletFailure.HealthTargetRequired] = Row(ErrorIds.HealthTargetRequired, InvalidArgument),
        [CmdletFailure.InvalidHealthUri] = Row(ErrorIds.InvalidHealthUri, InvalidArgument),
        [typeof(InvalidHealthUriException)] = Row(ErrorIds.InvalidHealthUri, InvalidArgument),
        [typeof(ServiceHealthTargetException)] = Row(ErrorIds.HealthNoDomain, ObjectNotFound),

        // Commit status and GitHub (GitHubApiException.Kind).
        [CmdletFailure.CommitStatusNoRepository] = Row(ErrorIds.CommitStatusNoRepository, ObjectNotFound),
        [CmdletFailure.CommitStatusNoCommit] = Row(ErrorIds.CommitStatusNoCommit, ObjectNotFound),
        [GitHubApiErrorKind.Unauthorized] = Row(ErrorIds.GitHubUnauthorized, AuthenticationError, CmdletText.RecommendedGitHubToken),
        [GitHubApiErrorKind.Forbidden] = Row(ErrorIds.GitHubForbidden, PermissionDenied, CmdletText.RecommendedGitHubToken),
        [GitHubApiErrorKind.RepositoryNotFound] = Row(ErrorIds.GitHubRepositoryNotFound, ObjectNotFound),
        [GitHubApiErrorKind.CommitNotFound] = Row(ErrorIds.GitHubCommitNotFound, ObjectNotFound),
        [GitHubApiErrorKind.RateLimited] = Row(ErrorIds.GitHubRateLimited, LimitsExceeded),
        [GitHubApiErrorKind.Timeout] = Row(ErrorIds.GitHubTimeout, OperationTimeout),
        [GitHubApiErrorKind.Transport] = Row(ErrorIds.GitHubConnectionFailed, ConnectionError),
        [GitHubApiErrorKind.InsecureEndpoint] = Row(ErrorIds.GitHubInsecureEndpoint, SecurityError),
        [GitHubApiErrorKind.InvalidReference] = Row(ErrorIds.GitHubInvalidRef, InvalidArgument),
        [GitHubApiErrorKind.InvalidRepository] = Row(ErrorIds.GitHubInvalidRepository, InvalidArgument),
        [GitHubApiErrorKind.InvalidToken] = Row(ErrorIds.GitHubInvalidToken, InvalidArgument),
        [GitHubApiErrorKind.Other] = Row(ErrorIds.GitHubError, InvalidResult),

        // The release loop (ReleaseException.Kind): the next command is the result's.
        [ReleaseFailureKind.RepositoryNotUsable] = Row(ErrorIds.CpwtrRepositoryNotUsable, InvalidArgument),
        [ReleaseFailureKind.ServiceRequired] = Row(ErrorIds.CpwtrServiceRequired, InvalidArgument),
        [ReleaseFailureKind.InvalidRemote] = Row(ErrorIds.CpwtrInvalidRemote, InvalidArgument),
        [ReleaseFailureKind.OperationInProgress] = Row(ErrorIds.CpwtrOperationInProgress, InvalidOperation),
        [ReleaseFailureKind.RepositoryBusy] = Row(ErrorIds.CpwtrRepositoryBusy, ResourceBusy),
        [ReleaseFailureKind.VersionFailed] = Next(ErrorIds.CpwtrVersionFailed, InvalidData),
        [ReleaseFailureKind.SecretFileRefused] = Next(ErrorIds.CpwtrSecretFileRefused, SecurityError),
        [ReleaseFailureKind.CommitFailed] = Next(ErrorIds.CpwtrCommitFailed, WriteError),
        [ReleaseFailureKind.PushRejected] = Next(ErrorIds.CpwtrPushRejected, ResourceUnavailable),
        [ReleaseFailureKind.PushFailed] = Next(ErrorIds.CpwtrPushFailed, ConnectionError),
        [ReleaseFailureKind.EnvironmentNotFound] = Next(ErrorIds.CpwtrEnvironmentNotFound, ObjectNotFound),
        [ReleaseFailureKind.DeploymentNeverAppeared] = Next(ErrorIds.CpwtrDeploymentNeverAppeared, ObjectNotFound),
        [ReleaseFailureKind.DeploymentFailed] = Next(ErrorIds.CpwtrDeploymentFailed, InvalidResult),
        [ReleaseFailureKind.DeploymentSkipped] = Next(ErrorIds.CpwtrDeploymentSkipped, OperationStopped),
        [ReleaseFailureKind.DeploymentNeedsApproval] = Next(ErrorIds.CpwtrDeploymentNeedsApproval, PermissionDenied),
        [ReleaseFailureKind.WaitTimedOut] = Next(ErrorIds.CpwtrWaitTimedOut, OperationTimeout),
        [ReleaseFailureKind.HealthFailed] = Next(ErrorIds.CpwtrHealthFailed, InvalidResult),
        [ReleaseFailureKind.VersionMismatch] = Next(ErrorIds.CpwtrVersionMismatch, InvalidResult),
        [ReleaseFailureKind.DeploymentInterrupted] = Next(ErrorIds.CpwtrDeploymentInterrupted, OperationStopped),
        [ReleaseFailureKind.DeploymentSuperseded] = Next(ErrorIds.CpwtrDeploymentSuperseded, OperationStopped),
        [ReleaseFailureKind.DeploymentUnstable] = Next(ErrorIds.CpwtrDeploymentUnstable, ResourceUnavailable),
        // A Railway request failing inside a stage has the category the same failure has in any other cmdlet.
        [ReleaseFailureKind.RailwayRequestFailed] = Next(ErrorIds.CpwtrRailwayRequestFailed, InvalidResult) with { CategoryOf = RailwayCategoryInStage },
        [ReleaseFailureKind.StageFailed] = Next(ErrorIds.CpwtrStageFailed, InvalidOperation),

        // Step-RailwayAppVersion (the VersionException family; the base class is a write that could not be made).
        [typeof(VersionSourceNotFoundException)] = Row(ErrorIds.AppVersionNotFound, ObjectNotFound),
        [typeof(AmbiguousVersionSourceException)] = Row(ErrorIds.AppVersionAmbiguous, InvalidArgument),
        [typeof(InvalidVersionException)] = Row(ErrorIds.AppVersionInvalid, InvalidData),
        [typeof(VersionDowngradeException)] = Row(ErrorIds.AppVersionDowngrade, InvalidArgument),
        [typeof(VersionException)] = Row(ErrorIds.AppVersionWriteFailed, WriteError),

        // Emulator (EmulatorException.Kind).
        [EmulatorErrorKind.NotInstalled] = Row(ErrorIds.EmulatorNotInstalled, ObjectNotFound),
        [EmulatorErrorKind.DotnetNotFound] = Row(ErrorIds.DotnetNotFound, ObjectNotFound),
        [EmulatorErrorKind.SeedNotFound] = Row(ErrorIds.EmulatorSeedNotFound, ObjectNotFound),
        [EmulatorErrorKind.ExitedEarly] = Row(ErrorIds.EmulatorStartFailed, InvalidResult),
        [EmulatorErrorKind.NotReady] = Row(ErrorIds.EmulatorStartFailed, OperationTimeout),
        [EmulatorErrorKind.InvalidSeed] = Row(ErrorIds.EmulatorInvalidSeed, InvalidData),
        [EmulatorErrorKind.StateDirectoryInvalid] = Row(ErrorIds.EmulatorStateDirectoryInvalid, InvalidArgument),
        [CmdletFailure.EmulatorNotRunning] = Row(ErrorIds.EmulatorNotRunning, ObjectNotFound),

        // Confirmation: a ConfirmImpact High cmdlet had to ask, and the host could not prompt.
        [CmdletFailure.ConfirmationRequired] = Row(ErrorIds.ConfirmationRequired, InvalidOperation),

        // Environments, domains and status.
        [CmdletFailure.InvalidEnvironmentName] = Row(ErrorIds.InvalidEnvironmentName, InvalidArgument, CmdletText.RecommendedEnvironmentName),
        [CmdletFailure.EnvironmentExists] = Row(ErrorIds.EnvironmentExists, ResourceExists),
        [CmdletFailure.EnvironmentSourceOtherProject] = Row(ErrorIds.EnvironmentSourceOtherProject, InvalidArgument),
        [CmdletFailure.DomainTargetIncomplete] = Row(ErrorIds.DomainTargetIncomplete, InvalidArgument, CmdletText.RecommendedDomainTarget),
        [CmdletFailure.DomainExists] = Row(ErrorIds.DomainExists, ResourceExists),
        [CmdletFailure.DomainTaken] = Row(ErrorIds.DomainTaken, ResourceExists),
        [CmdletFailure.InvalidDomainName] = Row(ErrorIds.InvalidDomainName, InvalidArgument),
        [CmdletFailure.DomainNotFound] = Row(ErrorIds.DomainNotFound, ObjectNotFound),
        // Deploy-RailwayService (UploadException.Kind) and Invoke-RailwayCommand.
        [UploadFailureKind.Rejected] = Row(ErrorIds.UploadRejected, InvalidData, CmdletText.RecommendedUploadRejected),
        [UploadFailureKind.TooLarge] = Row(ErrorIds.UploadTooLarge, LimitsExceeded, CmdletText.RecommendedUploadTooLarge),
        [UploadFailureKind.SourceNotFound] = Row(ErrorIds.UploadSourceNotFound, ObjectNotFound),
        [UploadFailureKind.SourceUnreadable] = Row(ErrorIds.UploadSourceUnreadable, ReadError),
        [CmdletFailure.UploadSourceNotFound] = Row(ErrorIds.UploadSourceNotFound, ObjectNotFound),
        [CmdletFailure.DeployTargetIncomplete] = Row(ErrorIds.DeployTargetIncomplete, InvalidArgument),
        [CmdletFailure.DeployNoRepository] = Row(ErrorIds.DeployNoRepository, InvalidOperation),
        [CmdletFailure.CommandTargetIncomplete] = Row(ErrorIds.CommandTargetIncomplete, InvalidArgument),
        [CmdletFailure.CommandNotFound] = Row(ErrorIds.CommandNotFound, ObjectNotFound),
        [ReleaseFailureKind.UploadFailed] = Next(ErrorIds.CpwtrUploadFailed, InvalidResult),
        // Service instances (settings, replicas) and config files.
        [CmdletFailure.ServiceInstanceTargetRequired] = Row(ErrorIds.ServiceInstanceTargetRequired, InvalidArgument, CmdletText.RecommendedServiceInstanceTarget),
        [CmdletFailure.InvalidServiceSetting] = Row(ErrorIds.InvalidServiceSetting, InvalidArgument),
        [CmdletFailure.ServiceSettingNotApplied] = Row(ErrorIds.ServiceSettingNotApplied, InvalidResult),
        [CmdletFailure.ServiceInstanceNoDeployment] = Row(ErrorIds.ServiceInstanceNoDeployment, ObjectNotFound),
        [CmdletFailure.ConfigFileNotFound] = Row(ErrorIds.ConfigFileNotFound, ObjectNotFound),
        [CmdletFailure.InvalidConfigFile] = Row(ErrorIds.InvalidConfigFile, InvalidData),
        [CmdletFailure.InvalidVolumeMountPath] = Row(ErrorIds.InvalidVolumeMountPath, InvalidArgument),
        [CmdletFailure.VolumeExists] = Row(ErrorIds.VolumeExists, ResourceExists),
        [CmdletFailure.VolumeNotApplied] = Row(ErrorIds.VolumeNotApplied, InvalidResult),
        [CmdletFailure.MetricWindowInvalid] = Row(ErrorIds.MetricWindowInvalid, InvalidArgument),
        // Databases (DatabaseException.Kind; the RESP client's and the socket's failures during a Redis restore).
        [DatabaseFailureKind.TemplateNotFound] = Row(ErrorIds.DatabaseTemplateNotFound, ObjectNotFound),
        [DatabaseFailureKind.WorkflowFailed] = Row(ErrorIds.DatabaseWorkflowFailed, InvalidResult, CmdletText.RecommendedDatabaseWorkflow),
        [DatabaseFailureKind.WorkflowTimedOut] = Row(ErrorIds.DatabaseWorkflowTimeout, OperationTimeout, CmdletText.RecommendedDatabaseWorkflow),
        [DatabaseFailureKind.ServiceNotCreated] = Row(ErrorIds.DatabaseServiceNotCreated, InvalidResult, CmdletText.RecommendedDatabaseWorkflow),
        [DatabaseFailureKind.NotADatabase] = Row(ErrorIds.NotADatabase, InvalidArgument),
        [DatabaseFailureKind.NoConnectionVariables] = Row(ErrorIds.DatabaseNoConnection, ObjectNotFound),
        [DatabaseFailureKind.ClientNotFound] = new ErrorRow(ErrorIds.DatabaseClientNotFound, ObjectNotFound, e => e is DatabaseException { Package: { } package }
            ? string.Format(CultureInfo.InvariantCulture, CmdletText.RecommendedDatabaseClient, package) : null),
        [DatabaseFailureKind.ToolFailed] = Row(ErrorIds.DatabaseToolFailed, InvalidResult),
        [DatabaseFailureKind.BackupNotFound] = Row(ErrorIds.DatabaseBackupNotFound, ObjectNotFound),
        [DatabaseFailureKind.InvalidBackup] = Row(ErrorIds.DatabaseInvalidBackup, InvalidData),
        [CmdletFailure.InvalidDatabaseName] = Row(ErrorIds.InvalidDatabaseName, InvalidArgument),
        [CmdletFailure.DatabaseNameTaken] = Row(ErrorIds.DatabaseNameTaken, ResourceExists),
        [CmdletFailure.DatabaseBackupExists] = Row(ErrorIds.DatabaseBackupExists, ResourceExists),
        [typeof(RespException)] = Row(ErrorIds.DatabaseCommandFailed, InvalidResult),
        [typeof(System.Net.Sockets.SocketException)] = Row(ErrorIds.DatabaseUnreachable, ConnectionError),
    };

    /// <summary>Anything no row knows; its message is still redacted and it carries no stack trace.</summary>
    private static readonly ErrorRow Unexpected = Row(ErrorIds.Unexpected, NotSpecified);

    /// <summary>Every row, for the tests that check the table against ErrorIds (read through reflection).</summary>
    internal static IEnumerable<KeyValuePair<object, ErrorRow>> Rows => Table.Append(new KeyValuePair<object, ErrorRow>(typeof(Exception), Unexpected));

    /// <summary>The record of a failure whose exception says what it is (Core's exceptions, and the module's own).</summary>
    public static ErrorRecord For(Exception exception, object? target, string? recommended = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var row = Find(exception);
        if (row is null)
        {
            // Its own message may name a path or hold a secret: a redacted summary stands in for it, unless it is a parameter's error.
            var shown = exception is ParameterBindingException or ArgumentException
                ? exception
                : new InvalidOperationException(Redactor.Global.Redact(string.Format(CultureInfo.InvariantCulture, CmdletText.UnexpectedError, exception.Message)));
            return Build(Unexpected, shown, Message(exception), target, recommended);
        }

        return Build(row, exception, Message(exception), target, recommended);
    }

    /// <summary>The record of a failure a cmdlet found itself; <paramref name="exception"/> carries the message.</summary>
    public static ErrorRecord For(CmdletFailure failure, Exception exception, object? target, string? recommended = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Build(Table[failure], exception, Message(exception), target, recommended);
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

    private static ErrorRecord Build(ErrorRow row, Exception exception, string message, object? target, string? recommended)
    {
        var category = row.CategoryOf?.Invoke(exception) ?? row.Category;
        var record = new ErrorRecord(exception, row.ErrorId, category, SafeTarget(target))
        {
            ErrorDetails = new ErrorDetails(SafeText.Of(message)),
        };
        if ((recommended ?? row.Recommended?.Invoke(exception)) is { } next)
        {
            record.ErrorDetails.RecommendedAction = Redactor.Global.Redact(next);
        }

        return record;
    }

    /// <summary>The exception's message, redacted, with what Railway said when the message does not already say it.</summary>
    private static string Message(Exception exception)
    {
        var message = Redactor.Global.Redact(exception.Message);
        return exception is RailwayApiException { ServerMessage: { Length: > 0 } server } && !message.Contains(server, StringComparison.Ordinal)
            ? string.Format(CultureInfo.InvariantCulture, CmdletText.ServerSaid, message, Redactor.Global.Redact(server))
            : message;
    }

    /// <summary>The row of an exception: by the kind it carries, else by its type or the nearest base type that has one.</summary>
    private static ErrorRow? Find(Exception exception)
    {
        if (KindOf(exception) is { } kind && Table.TryGetValue(kind, out var row))
        {
            return row;
        }

        for (var type = exception.GetType(); type is not null && type != typeof(Exception); type = type.BaseType)
        {
            if (Table.TryGetValue(type, out row))
            {
                return row;
            }
        }

        return null;
    }

    private static object? KindOf(Exception exception) => exception switch
    {
        RailwayApiException { Kind: RailwayApiErrorKind.NotFound, Resource: { } resource } => resource,
        RailwayApiException api => api.Kind,
        ResolutionException resolution => resolution.Kind,
        ReleaseException release => release.Kind,
        EmulatorException emulator => emulator.Kind,
        GitHubApiException gitHub => gitHub.Kind,
        VariableWriteException write => write.Failure,
        HealthCheckException health => health.Kind,
        DeploymentWaitException wait => wait.Kind,
        DeploymentWaitTimeoutException timeout => timeout.Outcome.Kind,
        UploadException upload => upload.Kind,
        DatabaseException database => database.Kind,
        _ => null,
    };

    private static ErrorCategory? RailwayCategoryInStage(Exception exception) =>
        exception is ReleaseException { Result.RailwayErrorKind: { } kind } && Table.TryGetValue(kind, out var row) ? row.Category : null;

    private static ErrorRow Row(string errorId, ErrorCategory category, string? recommended = null) =>
        new(errorId, category, recommended is null ? null : _ => recommended);

    /// <summary>A release-loop row: the recommended action is the result's next command.</summary>
    private static ErrorRow Next(string errorId, ErrorCategory category) =>
        new(errorId, category, exception => (exception as ReleaseException)?.Result?.NextCommand);
}
