using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// Changes a service instance's settings (Railway's serviceInstanceUpdate; the replica count through the environment
/// patch, as Railway's CLI scales), then reads them back: a change that did not take effect is an error. -WhatIf shows
/// each setting old -> new; -Deploy rolls the change out (a redeploy of the latest deployment) and waits for it.
/// Every setting binds by property name, so Compare-RailwayServiceConfig -PassThru feeds it.
/// </summary>
[Cmdlet(VerbsCommon.Set, "RailwayServiceInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RailwayServiceInstance), typeof(RailwayDeployment))]
public sealed class SetRailwayServiceInstanceCommand : ServiceInstanceCmdlet
{
    private static readonly string[] Policies = ["ON_FAILURE", "ALWAYS", "NEVER"];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? Replicas { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Region { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? BuildCommand { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? StartCommand { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? HealthcheckPath { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? HealthcheckTimeout { get; set; }

    /// <summary>ON_FAILURE, ALWAYS or NEVER (OnFailure and any case are accepted).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? RestartPolicy { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? RestartPolicyMaxRetries { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? WatchPatterns { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public bool? SleepApplication { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? CronSchedule { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ConfigFile { get; set; }

    /// <summary>Roll the change out now: redeploy the latest deployment and wait until it is live.</summary>
    [Parameter]
    public SwitchParameter Deploy { get; set; }

    /// <summary>With -Deploy: how long to wait for the new deployment (seconds; 0 = no limit).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = DefaultTimeoutSec;

    /// <summary>Write the service instance as it reads back after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryValidate(out var change))
        {
            return;
        }

        if (!TryResolveInstance(out var project, out var environment, out var service))
        {
            return;
        }

        var client = Client;
        RunNamed(service.Name, Format(CmdletText.PlaceService, service.Name, project.Name, environment.Name), () =>
        {
            var current = Run(token => client.ServiceInstances.GetAsync(project, environment, service, token));
            var differences = Differences(current, change).ToList();
            var target = current.ToString();
            if (differences.Count == 0)
            {
                WriteVerbose(Format(CmdletText.ServiceInstanceUnchanged, target));
                if (!Deploy)
                {
                    if (PassThru)
                    {
                        WriteObject(current);
                    }

                    return;
                }
            }

            var described = string.Join("; ", differences.Select(d => Format(CmdletText.ServiceSettingChange, d.Field, Show(d.Old), Show(d.New))));
            var action = differences.Count == 0 ? CmdletText.ServiceInstanceRedeployOnly
                : Format(CmdletText.ServiceInstanceAction, described) + (Deploy ? CmdletText.ServiceInstanceAndDeploy : string.Empty);
            if (!ShouldProcess(target, action))
            {
                return;
            }

            var wanted = Only(change, differences.Select(d => d.Field).ToHashSet(StringComparer.Ordinal));
            if (differences.Count > 0)
            {
                Run(token => client.ServiceInstances.UpdateAsync(current, wanted, token));
                WriteVerbose(Format(CmdletText.ServiceInstanceUpdated, target, described));
            }

            var after = Run(token => client.ServiceInstances.GetAsync(project, environment, service, token));
            foreach (var (field, _, expected) in differences)
            {
                var actual = Value(after, field);
                if (!SameValue(actual, expected))
                {
                    WriteFailure(CmdletFailure.ServiceSettingNotApplied,
                        new InvalidOperationException(Format(CmdletText.ServiceSettingNotApplied, field, Show(actual), Show(expected))), after);
                    return;
                }
            }

            if (Deploy && !RollOut(after))
            {
                return;
            }

            if (PassThru)
            {
                WriteObject(Deploy ? Run(token => client.ServiceInstances.GetAsync(project, environment, service, token)) : after);
            }
        });
    }

    /// <summary>Redeploys the latest deployment and waits for it; false when that could not be done or did not go live.</summary>
    private bool RollOut(RailwayServiceInstance instance)
    {
        if (instance.LatestDeploymentId is not { } latest)
        {
            WriteFailure(CmdletFailure.ServiceInstanceNoDeployment, new InvalidOperationException(Format(CmdletText.ServiceInstanceNoDeployment, instance)), instance);
            return false;
        }

        var client = Client;
        WriteVerbose(Format(CmdletText.ServiceInstanceDeploying, instance, latest));
        var redeployed = Run(token => client.Deployments.RedeployAsync(latest, false, token));
        var succeeded = false;
        WaitFor([new WaitTarget.ById(redeployed.DeploymentId)], new WaitOptions { Timeout = TimeSpan.FromSeconds(TimeoutSec) }, outcome =>
        {
            succeeded = outcome.Kind == WaitOutcomeKind.Succeeded;
            WriteOutcome(outcome, writeDeployment: false);
        });
        return succeeded;
    }

    private bool TryValidate(out RailwayServiceInstanceChange change)
    {
        change = new RailwayServiceInstanceChange();
        string? problem = null;
        string? policy = null;
        if (Replicas is < 1)
        {
            problem = Format(CmdletText.InvalidReplicas, Replicas);
        }
        else if (HealthcheckTimeout is < 0)
        {
            problem = Format(CmdletText.InvalidNonNegative, nameof(HealthcheckTimeout), HealthcheckTimeout);
        }
        else if (RestartPolicyMaxRetries is < 0)
        {
            problem = Format(CmdletText.InvalidNonNegative, nameof(RestartPolicyMaxRetries), RestartPolicyMaxRetries);
        }
        else if (HealthcheckPath is { Length: > 0 } path && !path.StartsWith('/'))
        {
            problem = Format(CmdletText.InvalidHealthcheckPath, path);
        }
        else if (RestartPolicy is not null)
        {
            var normal = RestartPolicy.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
            policy = Policies.FirstOrDefault(p => string.Equals(p.Replace("_", string.Empty, StringComparison.Ordinal), normal, StringComparison.OrdinalIgnoreCase));
            if (policy is null)
            {
                problem = Format(CmdletText.InvalidRestartPolicy, RestartPolicy);
            }
        }

        if (problem is not null)
        {
            WriteFailure(CmdletFailure.InvalidServiceSetting, new ArgumentException(problem), Service);
            return false;
        }

        change = new RailwayServiceInstanceChange
        {
            Replicas = Replicas,
            Region = Region,
            BuildCommand = BuildCommand,
            StartCommand = StartCommand,
            HealthcheckPath = HealthcheckPath,
            HealthcheckTimeout = HealthcheckTimeout,
            RestartPolicy = policy,
            RestartPolicyMaxRetries = RestartPolicyMaxRetries,
            WatchPatterns = WatchPatterns,
            SleepApplication = SleepApplication,
            CronSchedule = CronSchedule,
            ConfigFile = ConfigFile,
        };
        if (change == new RailwayServiceInstanceChange() && !Deploy)
        {
            WriteFailure(CmdletFailure.InvalidServiceSetting, new ArgumentException(CmdletText.NoSettingsGiven), Service);
            return false;
        }

        return true;
    }

    /// <summary>The settings the change gives that differ from the instance's, as (Field, Old, New).</summary>
    internal static IEnumerable<(string Field, object? Old, object? New)> Differences(RailwayServiceInstance current, RailwayServiceInstanceChange change)
    {
        foreach (var (field, wanted) in Given(change))
        {
            var old = Value(current, field);
            if (!SameValue(old, wanted))
            {
                yield return (field, old, wanted);
            }
        }
    }

    private static IEnumerable<(string Field, object? Value)> Given(RailwayServiceInstanceChange change)
    {
        if (change.Replicas is { } replicas) yield return (nameof(change.Replicas), replicas);
        if (change.Region is { } region) yield return (nameof(change.Region), region);
        if (change.BuildCommand is { } build) yield return (nameof(change.BuildCommand), build);
        if (change.StartCommand is { } start) yield return (nameof(change.StartCommand), start);
        if (change.HealthcheckPath is { } path) yield return (nameof(change.HealthcheckPath), path);
        if (change.HealthcheckTimeout is { } timeout) yield return (nameof(change.HealthcheckTimeout), timeout);
        if (change.RestartPolicy is { } policy) yield return (nameof(change.RestartPolicy), policy);
        if (change.RestartPolicyMaxRetries is { } retries) yield return (nameof(change.RestartPolicyMaxRetries), retries);
        if (change.WatchPatterns is { } patterns) yield return (nameof(change.WatchPatterns), patterns);
        if (change.SleepApplication is { } sleep) yield return (nameof(change.SleepApplication), sleep);
        if (change.CronSchedule is { } cron) yield return (nameof(change.CronSchedule), cron);
        if (change.ConfigFile is { } file) yield return (nameof(change.ConfigFile), file);
    }

    internal static object? Value(RailwayServiceInstance instance, string field) => field switch
    {
        nameof(RailwayServiceInstance.Replicas) => instance.Replicas ?? 1,
        nameof(RailwayServiceInstance.Region) => instance.Region,
        nameof(RailwayServiceInstance.BuildCommand) => instance.BuildCommand,
        nameof(RailwayServiceInstance.StartCommand) => instance.StartCommand,
        nameof(RailwayServiceInstance.HealthcheckPath) => instance.HealthcheckPath,
        nameof(RailwayServiceInstance.HealthcheckTimeout) => instance.HealthcheckTimeout,
        nameof(RailwayServiceInstance.RestartPolicy) => instance.RestartPolicy,
        nameof(RailwayServiceInstance.RestartPolicyMaxRetries) => instance.RestartPolicyMaxRetries,
        nameof(RailwayServiceInstance.WatchPatterns) => instance.WatchPatterns,
        nameof(RailwayServiceInstance.SleepApplication) => instance.SleepApplication ?? false,
        nameof(RailwayServiceInstance.CronSchedule) => instance.CronSchedule,
        nameof(RailwayServiceInstance.ConfigFile) => instance.ConfigFile,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    internal static bool SameValue(object? left, object? right) => (left, right) switch
    {
        (IEnumerable<string> a, IEnumerable<string> b) => a.SequenceEqual(b, StringComparer.Ordinal),
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (null, string { Length: 0 }) or (string { Length: 0 }, null) => true,
        _ => Equals(left, right),
    };

    internal static string Show(object? value) => value switch
    {
        null => CmdletText.UnsetValue,
        string text => text,
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The change restricted to the fields that differ, so nothing unchanged is written.</summary>
    private static RailwayServiceInstanceChange Only(RailwayServiceInstanceChange change, HashSet<string> fields) => new()
    {
        Replicas = fields.Contains(nameof(change.Replicas)) ? change.Replicas : null,
        Region = fields.Contains(nameof(change.Region)) ? change.Region : null,
        BuildCommand = fields.Contains(nameof(change.BuildCommand)) ? change.BuildCommand : null,
        StartCommand = fields.Contains(nameof(change.StartCommand)) ? change.StartCommand : null,
        HealthcheckPath = fields.Contains(nameof(change.HealthcheckPath)) ? change.HealthcheckPath : null,
        HealthcheckTimeout = fields.Contains(nameof(change.HealthcheckTimeout)) ? change.HealthcheckTimeout : null,
        RestartPolicy = fields.Contains(nameof(change.RestartPolicy)) ? change.RestartPolicy : null,
        RestartPolicyMaxRetries = fields.Contains(nameof(change.RestartPolicyMaxRetries)) ? change.RestartPolicyMaxRetries : null,
        WatchPatterns = fields.Contains(nameof(change.WatchPatterns)) ? change.WatchPatterns : null,
        SleepApplication = fields.Contains(nameof(change.SleepApplication)) ? change.SleepApplication : null,
        CronSchedule = fields.Contains(nameof(change.CronSchedule)) ? change.CronSchedule : null,
        ConfigFile = fields.Contains(nameof(change.ConfigFile)) ? change.ConfigFile : null,
    };
}
