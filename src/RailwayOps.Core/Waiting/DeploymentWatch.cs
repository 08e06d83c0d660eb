using System.Diagnostics;
using System.Globalization;
using RailwayOps.Core.Events;
using RailwayOps.Core.Resilience;

namespace RailwayOps.Core.Waiting;

/// <summary>
/// The state of the wait for one target: the deployment as last seen, the statuses observed, how many
/// times the status was read, the clock and the deadline, and the verbose and progress events that report
/// them. Written by the target's own task; <see cref="ReportProgress()"/> is also called by the waiter's
/// ticker, so what it reads is published with volatile writes.
/// </summary>
internal sealed class DeploymentWatch
{
    /// <summary>Progress ids of awaited deployments start here, one per target, clear of the cmdlets' own id.</summary>
    public const int FirstActivityId = 0x5300;

    private readonly IRailwayEventSink events;
    private readonly Deadline deadline;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<DeploymentStatus> history = new();
    private RailwayDeployment? last;
    private string phase = WaitMessages.ProgressStarting;
    private int checks;
    private int completed;

    public DeploymentWatch(WaitTarget target, int index, IRailwayEventSink events, Deadline deadline)
    {
        Target = target;
        ActivityId = FirstActivityId + index;
        this.events = events;
        this.deadline = deadline;
    }

    public WaitTarget Target { get; }

    public int ActivityId { get; }

    public RailwayDeployment? Last => Volatile.Read(ref last);

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>How many times the status was read: HTTP lookups and polls, and subscription updates.</summary>
    public int Checks => Volatile.Read(ref checks);

    public bool IsComplete => Volatile.Read(ref completed) != 0;

    public IReadOnlyList<DeploymentStatus> History
    {
        get
        {
            lock (history)
            {
                return history.ToArray();
            }
        }
    }

    /// <summary>"web/production deployment 1a2b3c4d": the place from the deployment as last seen, else from what the caller knew.</summary>
    public string Label => (Last ?? (Target as WaitTarget.ById)?.Known) is { } deployment
        ? Text(WaitMessages.Label, Place(deployment), Short(deployment.DeploymentId))
        : Target switch
        {
            WaitTarget.ById byId => Text(WaitMessages.UnplacedLabel, Short(byId.DeploymentId)),
            WaitTarget.ByCommit { Place: { } place } byCommit => Text(WaitMessages.CommitTargetPlaced, Short(byCommit.CommitSha), place),
            WaitTarget.ByCommit byCommit => Text(WaitMessages.CommitTarget, Short(byCommit.CommitSha)),
            WaitTarget.LatestOf { Place: { } place } => Text(WaitMessages.LatestTargetPlaced, place),
            WaitTarget.LatestOf latest => Text(WaitMessages.LatestTarget, latest.ServiceId),
            _ => Target.ToString(),
        };

    /// <summary>Counts one read of the status (an HTTP request, or a subscription update) for the progress line.</summary>
    public void CountCheck() => Interlocked.Increment(ref checks);

    /// <summary>What the progress line says the wait is doing before a status is known ("looking for it").</summary>
    public void SetPhase(string text)
    {
        Volatile.Write(ref phase, text);
        ReportProgress();
    }

    /// <summary>Records what was seen; returns true when the status changed.</summary>
    public bool Observe(RailwayDeployment deployment)
    {
        DeploymentStatus? previous;
        lock (history)
        {
            previous = history.Count > 0 ? history[^1] : null;
            Volatile.Write(ref last, deployment);
            if (previous == deployment.Status)
            {
                return false;
            }

            history.Add(deployment.Status);
        }

        var seconds = Elapsed.TotalSeconds;
        var line = previous is { } old
            ? Text(WaitMessages.StatusChanged, Label, old.ToWireName(), deployment.Status.ToWireName(), seconds)
            : Text(WaitMessages.FirstStatus, Label, deployment.Status.ToWireName(), seconds);
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, line));
        ReportProgress();
        return true;
    }

    /// <summary>
    /// The progress line: the status (or phase), the time waited, the checks made and the deadline, so a long
    /// wait visibly moves even while the status does not.
    /// </summary>
    public void ReportProgress()
    {
        if (IsComplete)
        {
            return;
        }

        var status = Last?.Status.ToWireName() ?? Volatile.Read(ref phase);
        var count = Checks;
        var limit = deadline.At is { } at
            ? Text(WaitMessages.ProgressDeadline, at.ToLocalTime(), deadline.Remaining.TotalSeconds)
            : WaitMessages.ProgressNoDeadline;
        events.Report(new RailwayEvent(RailwayEventLevel.Progress,
            Text(WaitMessages.ProgressStatus, status, Elapsed.TotalSeconds, count, count == 1 ? WaitMessages.CheckSingular : WaitMessages.CheckPlural, limit))
        {
            Activity = Text(WaitMessages.Activity, Label),
            ActivityId = ActivityId,
            PercentComplete = deadline.Budget is { } budget && budget > TimeSpan.Zero
                ? (int)Math.Clamp(100 * Elapsed.TotalSeconds / budget.TotalSeconds, 0, 99)
                : -1,
        });
    }

    public void Report(RailwayEventLevel level, string format, params object?[] arguments) =>
        events.Report(new RailwayEvent(level, Text(format, arguments)));

    public void Complete()
    {
        if (Interlocked.Exchange(ref completed, 1) != 0)
        {
            return;
        }

        events.Report(new RailwayEvent(RailwayEventLevel.Progress, Last?.Status.ToWireName() ?? WaitMessages.ProgressEnded)
        {
            Activity = Text(WaitMessages.Activity, Label),
            ActivityId = ActivityId,
            PercentComplete = 100,
            Completed = true,
        });
    }

    public WaitOutcome Outcome(WaitOutcomeKind kind, IReadOnlyList<RailwayLogLine>? buildTail = null, IReadOnlyList<RailwayLogLine>? deployTail = null) =>
        new(Target, kind, Last, buildTail ?? Array.Empty<RailwayLogLine>(), deployTail ?? Array.Empty<RailwayLogLine>(), Elapsed, History);

    public static string Short(string id) => id.Length > 8 ? id[..8] : id;

    /// <summary>"web/production", or the environment alone when the service is not known.</summary>
    private static string Place(RailwayDeployment deployment) =>
        (deployment.ServiceName ?? deployment.ServiceId) is { } service
            ? $"{service}/{deployment.EnvironmentName ?? deployment.EnvironmentId}"
            : deployment.EnvironmentName ?? deployment.EnvironmentId;

    private static string Text(string format, params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
