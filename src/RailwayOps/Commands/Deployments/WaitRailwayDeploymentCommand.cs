using System.Management.Automation;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Health;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// Waits until deployments reach a final status. Like Wait-Process, it collects every target in
/// ProcessRecord and waits for all of them at once in EndProcessing, writing one TimeoutException
/// error per deployment still unfinished at the deadline.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "RailwayDeployment", DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class WaitRailwayDeploymentCommand : DeploymentWaitingCmdlet
{
    private const string IdSet = "Id";
    private const string ObjectSet = "InputObject";
    private const string CommitSet = "Commit";
    private const string LatestSet = "Latest";

    private readonly List<WaitTarget> targets = new();
    private readonly HashSet<WaitTarget> seen = new();

    [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DeploymentId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    [Parameter(ParameterSetName = ObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RailwayDeployment[]? InputObject { get; set; }

    [Parameter(ParameterSetName = CommitSet, Mandatory = true)]
    [ValidateCommitSha]
    public string? CommitSha { get; set; }

    [Parameter(ParameterSetName = LatestSet, Mandatory = true)]
    public SwitchParameter Latest { get; set; }

    [Parameter(ParameterSetName = CommitSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = LatestSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(ParameterSetName = CommitSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = LatestSet, ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter(ParameterSetName = CommitSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = LatestSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    /// <summary>The whole wait in seconds, every deployment included; 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = DefaultTimeoutSec;

    [Parameter(ParameterSetName = CommitSet)]
    [Parameter(ParameterSetName = LatestSet)]
    [ValidateRange(0, int.MaxValue)]
    public int AppearTimeoutSec { get; set; } = 120;

    [Parameter]
    public SwitchParameter Any { get; set; }

    [Parameter]
    [ValidateRange(1, 300)]
    public int PollIntervalSec { get; set; } = 5;

    [Parameter]
    public SwitchParameter NoSubscription { get; set; }

    [Parameter]
    [ValidateRange(0, 5000)]
    public int BuildLogLines { get; set; } = 50;

    [Parameter]
    [ValidateRange(0, 5000)]
    public int DeployLogLines { get; set; } = 200;

    /// <summary>-TimeoutSec is the deadline of the whole invocation: the lookups of -Id, -CommitSha and -Latest count too.</summary>
    protected override int? DeadlineSeconds => TimeoutSec == 0 ? null : TimeoutSec;
    /// <summary>After a deployment reaches SUCCESS, keep watching its status for this many seconds: a crash, restart or stop in that window is its outcome.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int StableSec { get; set; }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ObjectSet:
                foreach (var deployment in InputObject!)
                {
                    Add(new WaitTarget.ById(deployment.DeploymentId) { Known = deployment });
                }

                break;
            case IdSet:
                var client = Client;
                foreach (var id in Id!)
                {
                    // An unknown id is this input's error; the other deployments are still awaited.
                    RunPerItem(id, () =>
                    {
                        var found = Run(token => client.Deployments.GetAsync(id, token));
                        Add(new WaitTarget.ById(found.DeploymentId) { Known = found });
                    });
                }

                break;
            default:
                AddServiceTarget();
                break;
        }
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        var options = new WaitOptions
        {
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            AppearTimeout = TimeSpan.FromSeconds(AppearTimeoutSec),
            MaxPollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            Any = Any,
            BuildLogLines = BuildLogLines,
            DeployLogLines = DeployLogLines,
            UseSubscription = !NoSubscription,
        };
        var watches = new List<(WaitOutcome Outcome, Task<StabilityVerdict> Verdict)>();
        RunPerItem(null, () => WaitFor(targets, options, outcome =>
        {
            if (StableSec > 0 && outcome.Kind == WaitOutcomeKind.Succeeded && outcome.Deployment is { } live)
            {
                // Each window starts as its deployment goes live and runs beside the other waits.
                watches.Add((outcome, WatchAsync(live.DeploymentId)));
                return;
            }

            WriteOutcome(outcome, writeDeployment: true);
        }));
        foreach (var (outcome, verdict) in watches)
        {
            RunPerItem(outcome.Deployment, () =>
            {
                var stability = Run(_ => verdict);
                if (stability.Stable)
                {
                    WriteOutcome(outcome, writeDeployment: true);
                    return;
                }

                var record = ErrorMap.For(new DeploymentUnstableException(stability), outcome.Deployment,
                    Format(CmdletText.RecommendedUnstable, outcome.Deployment!.DeploymentId));
                Hosting.CiHost.ReporterFor(this)?.ReportWait(outcome, false, MyInvocation.MyCommand.Name);
                WriteError(record);
            });
        }
    }

    private Task<StabilityVerdict> WatchAsync(string deploymentId)
    {
        var watch = new StabilityWatch(Client, EventSink);
        var stability = new StabilityOptions
        {
            Window = TimeSpan.FromSeconds(StableSec),
            DeploymentId = deploymentId,
            UseSubscription = !NoSubscription,
            ProbeInterval = TimeSpan.FromSeconds(Math.Min(PollIntervalSec, 5)),
        };
        return Task.Run(() => watch.WatchAsync(stability, CancellationToken), CancellationToken);
    }

    private void AddServiceTarget()
    {
        var context = ResolveContext(Project, Environment, Service);
        if (!TryResolveTarget(context, out var resolved))
        {
            return;
        }

        var missing = resolved?.Environment is null ? (nameof(Environment), "ENVIRONMENT")
            : resolved.Service is null ? (nameof(Service), "SERVICE")
            : ((string, string)?)null;
        if (missing is { } part)
        {
            var what = Latest ? CmdletText.WaitWhatLatest : Format(CmdletText.WaitWhatCommit, CommitSha);
            var exception = new ArgumentException(Format(CmdletText.WaitTargetIncomplete, what, part.Item1, part.Item2));
            WriteFailure(CmdletFailure.WaitTargetIncomplete, exception, Project ?? Service);
            return;
        }

        var (projectId, environmentId, serviceId) = (resolved!.Project.ProjectId, resolved.Environment!.EnvironmentId, resolved.Service!.ServiceId);
        // Messages name the service and environment ("web/production"), not their ids.
        var place = $"{resolved.Service.Name}/{resolved.Environment.Name}";
        Add(Latest
            ? new WaitTarget.LatestOf(projectId, environmentId, serviceId) { Place = place }
            : new WaitTarget.ByCommit(projectId, environmentId, serviceId, CommitSha!) { Place = place });
    }

    private void Add(WaitTarget target)
    {
        // The same deployment piped twice is awaited (and reported) once.
        if (seen.Add(target))
        {
            targets.Add(target);
        }
    }
}
