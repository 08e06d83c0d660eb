using System.Diagnostics;
using System.Globalization;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Waiting;

/// <summary>
/// The state of the wait for one target: the deployment as last seen, the statuses observed, the
/// clock, and the verbose and progress events that report them. Used by one task at a time.
/// </summary>
internal sealed class DeploymentWatch
{
    /// <summary>Progress ids of awaited deployments start here, one per target, clear of the cmdlets' own id.</summary>
    public const int FirstActivityId = 0x5300;

    private readonly IRailwayEventSink events;
    private readonly TimeSpan timeout;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<DeploymentStatus> history = new();

    public DeploymentWatch(WaitTarget target, int index, IRailwayEventSink events, TimeSpan timeout)
    {
        Target = target;
        ActivityId = FirstActivityId + index;
        this.events = events;
        this.timeout = timeout;
    }

    public WaitTarget Target { get; }

    public int ActivityId { get; }

    public RailwayDeployment? Last { get; private set; }

    public TimeSpan Elapsed => clock.Elapsed;

    public IReadOnlyList<DeploymentStatus> History => history.ToArray();

    public string Label => Last is { } deployment
        ? Text(WaitMessages.Label, Place(deployment), Short(deployment.DeploymentId))
        : Target switch
        {
            WaitTarget.ById byId => Text(WaitMessages.Label, "?", Short(byId.DeploymentId)),
            WaitTarget.ByCommit byCommit => Text(WaitMessages.CommitTarget, Short(byCommit.CommitSha)),
            WaitTarget.LatestOf latest => Text(WaitMessages.LatestTarget, latest.ServiceId),
            _ => Target.ToString(),
        };

    /// <summary>Records what was seen; returns true when the status changed.</summary>
    public bool Observe(RailwayDeployment deployment)
    {
        var previous = history.Count > 0 ? history[^1] : (DeploymentStatus?)null;
        Last = deployment;
        if (previous == deployment.Status)
        {
            return false;
        }

        history.Add(deployment.Status);
        var seconds = Elapsed.TotalSeconds;
        var line = previous is { } old
            ? Text(WaitMessages.StatusChanged, Label, old.ToWireName(), deployment.Status.ToWireName(), seconds)
            : Text(WaitMessages.FirstStatus, Label, deployment.Status.ToWireName(), seconds);
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, line));
        ReportProgress(deployment.Status.ToWireName());
        return true;
    }

    public void ReportProgress(string status) =>
        events.Report(new RailwayEvent(RailwayEventLevel.Progress, Text(WaitMessages.ProgressStatus, status, Elapsed.TotalSeconds))
        {
            Activity = Text(WaitMessages.Activity, Label),
            ActivityId = ActivityId,
            PercentComplete = timeout > TimeSpan.Zero ? (int)Math.Min(99, 100 * Elapsed.TotalSeconds / timeout.TotalSeconds) : -1,
        });

    public void Report(RailwayEventLevel level, string format, params object?[] arguments) =>
        events.Report(new RailwayEvent(level, Text(format, arguments)));

    public void Complete() =>
        events.Report(new RailwayEvent(RailwayEventLevel.Progress, Last?.Status.ToWireName() ?? WaitMessages.ProgressEnded)
        {
            Activity = Text(WaitMessages.Activity, Label),
            ActivityId = ActivityId,
            PercentComplete = 100,
            Completed = true,
        });

    public WaitOutcome Outcome(WaitOutcomeKind kind, IReadOnlyList<RailwayLogLine>? buildTail = null, IReadOnlyList<RailwayLogLine>? deployTail = null) =>
        new(Target, kind, Last, buildTail ?? Array.Empty<RailwayLogLine>(), deployTail ?? Array.Empty<RailwayLogLine>(), Elapsed, History);

    public static string Short(string id) => id.Length > 8 ? id[..8] : id;

    private static string Place(RailwayDeployment deployment) =>
        $"{deployment.ServiceName ?? deployment.ServiceId ?? "?"}/{deployment.EnvironmentName ?? deployment.EnvironmentId}";

    private static string Text(string format, params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
