using System.Management.Automation;
using RailwayOps.Core.Health;
using RailwayOps.Core.Resilience;

namespace RailwayOps.Commands;

/// <summary>
/// GETs a service's health endpoint until it answers healthy (and, when asked, with the expected
/// version) or the timeout passes. Returns the result, or a bare bool with -Quiet as
/// Test-Connection does; an unhealthy result is also a non-terminating error unless -Quiet.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "RailwayHealth", DefaultParameterSetName = ServiceSet)]
[OutputType(typeof(HealthCheckResult))]
[OutputType(typeof(bool))]
public sealed class TestRailwayHealthCommand : RailwayApiCmdlet
{
    private const string UriSet = "Uri";
    private const string ServiceSet = "Service";

    private HealthProbe? probe;

    /// <summary>The command that shows the deploy log of what was probed; with only a URL, the context's target.</summary>
    private string logsCommand = CmdletText.HealthLogsForContext;

    [Parameter(ParameterSetName = UriSet, Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    [Parameter(ParameterSetName = ServiceSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(ParameterSetName = ServiceSet, ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter(ParameterSetName = ServiceSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    /// <summary>The service's base URL (a deployment's StaticUrl); the health path is appended to it.</summary>
    [Parameter(ParameterSetName = ServiceSet, ValueFromPipelineByPropertyName = true)]
    [Alias("StaticUrl")]
    public Uri? ServiceUrl { get; set; }

    [Parameter(ParameterSetName = ServiceSet)]
    [ValidateNotNullOrEmpty]
    public string? HealthPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExpectedVersion { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string VersionProperty { get; set; } = "version";

    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; } = (int)HealthProbeOptions.DefaultTimeout.TotalSeconds;

    [Parameter]
    [ValidateRange(0.1, 3600.0)]
    public double RetryIntervalSec { get; set; } = HealthProbeOptions.DefaultRetryInterval.TotalSeconds;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>After a healthy answer, keep probing for this many seconds (a low rate): unstable if it stops answering healthy.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int StableSec { get; set; }

    protected override void ProcessRecord()
    {
        // -TimeoutSec is each input's deadline: finding the service's URL on Railway and every check answer to it.
        using var deadline = TimeoutSec > 0 ? Deadline.After(TimeSpan.FromSeconds(TimeoutSec)) : Deadline.None;
        var target = ParameterSetName == UriSet ? Uri : ResolveServiceUri(deadline);
        if (target is null)
        {
            return;
        }

        HealthCheckResult result;
        try
        {
            var options = new HealthProbeOptions(target)
            {
                ExpectedVersion = ExpectedVersion,
                VersionProperty = VersionProperty,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec),
                Deadline = deadline,
            };
            WriteVerbose(Format(CmdletText.HealthProbing, options.Uri, TimeoutSec,
                ExpectedVersion is null ? string.Empty : Format(CmdletText.HealthExpecting, ExpectedVersion, VersionProperty)));
            probe ??= new HealthProbe(EventSink);
            var health = probe;
            result = Run(token => health.CheckAsync(options, token));
            if (result.Healthy && StableSec > 0)
            {
                WriteVerbose(Format(CmdletText.HealthWatching, options.Uri, StableSec));
                var checkedResult = result;
                var verdict = Run(token => new StabilityWatch(null, EventSink).WatchAsync(new StabilityOptions
                {
                    Window = TimeSpan.FromSeconds(StableSec),
                    HealthUri = checkedResult.Uri,
                    ExpectedVersion = ExpectedVersion,
                    VersionProperty = VersionProperty,
                }, token));
                result = result.WithStability(verdict);
            }
        }
        catch (ArgumentException exception)
        {
            WriteFailure(CmdletFailure.InvalidHealthUri, exception, target);
            return;
        }

        if (Quiet)
        {
            WriteObject(result.Healthy);
            return;
        }

        WriteObject(result);
        if (!result.Healthy)
        {
            WriteUnhealthy(result);
        }
    }

    private Uri? ResolveServiceUri(Deadline deadline)
    {
        if (ServiceUrl is not null)
        {
            var path = HealthPathFor(null);
            return Attempt(ServiceUrl, () => ServiceHealthTarget.Combine(ServiceUrl, path));
        }

        var context = ResolveContext(Project, Environment, Service);
        using var bounded = Client.WithDeadline(deadline);
        if (!TryResolveTarget(context, bounded, out var target))
        {
            return null;
        }

        var (missing, variable) = target?.Environment is null ? ("Environment", "ENVIRONMENT") : target.Service is null ? ("Service", "SERVICE") : (null, null);
        if (missing is not null)
        {
            WriteFailure(CmdletFailure.HealthTargetRequired, new ArgumentException(Format(CmdletText.HealthTargetRequired, missing, variable)), target?.Project.Name);
            return null;
        }

        var resolved = target!;
        logsCommand = Format(CmdletText.HealthLogsForTarget, Quote(resolved.Project.Name), Quote(resolved.Environment!.Name), Quote(resolved.Service!.Name));
        var client = bounded;
        var folder = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        return Attempt(resolved.Service!.Name, () =>
        {
            // Railway's own healthcheckPath first, then the repository's config file, then the default.
            var choice = Run(token => HealthPathResolver.ResolveAsync(client, HealthPath, resolved.Environment!.EnvironmentId, resolved.Environment.Name,
                resolved.Service.ServiceId, folder, token));
            WriteVerbose(Format(CmdletText.HealthPathChosen, choice));
            return Run(token => ServiceHealthTarget.ResolveAsync(
                client, resolved.Project.ProjectId, resolved.Environment!.EnvironmentId, resolved.Service.ServiceId, choice.Path, token));
        });
    }

    private string HealthPathFor(string? environmentName)
    {
        if (HealthPath is not null)
        {
            WriteVerbose(Format(CmdletText.HealthPathFrom, HealthPath, CmdletText.HealthPathParameter));
            return HealthPath;
        }

        var setting = ServiceHealthTargetConfig.FindHealthPath(SessionState.Path.CurrentFileSystemLocation.ProviderPath, environmentName);
        WriteVerbose(Format(CmdletText.HealthPathFrom, setting.Path, setting.SourceFile ?? CmdletText.HealthPathDefault));
        return setting.Path;
    }

    private Uri? Attempt(object target, Func<Uri> resolve)
    {
        try
        {
            return resolve();
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            WriteRailwayError(exception, target);
        }

        return null;
    }

    /// <summary>An unhealthy result as an error: its ErrorId and category are its <see cref="HealthFailureKind"/>'s row in <see cref="ErrorMap"/>.</summary>
    private void WriteUnhealthy(HealthCheckResult result)
    {
        var kind = HealthCheckException.KindOf(result);
        var message = kind switch
        {
            HealthFailureKind.Unstable => result.Stability!.Reason ?? result.Stability.ToString(),
            HealthFailureKind.VersionMismatch => Format(CmdletText.HealthVersionMismatch, result.Uri, result.Version, result.ExpectedVersion, VersionProperty, result.Attempts, TimeoutSec),
            _ => Format(CmdletText.HealthFailed, result.Uri, result.Attempts, TimeoutSec, result.LastError),
        };

        // A version mismatch says to wait for the new deployment (its row); everything else points at the deploy log.
        WriteRailwayError(new HealthCheckException(message, result), result.Uri,
            kind == HealthFailureKind.VersionMismatch ? null : Format(CmdletText.RecommendedHealthFailed, logsCommand));
    }

    /// <summary>A name as a command-line argument: bare when it is a plain word, else single-quoted.</summary>
    private static string Quote(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name.Length > 0
            ? name
            : "'" + System.Management.Automation.Language.CodeGeneration.EscapeSingleQuotedStringContent(name) + "'";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            probe?.Dispose();
        }

        base.Dispose(disposing);
    }
}
