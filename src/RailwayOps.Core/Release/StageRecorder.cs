using System.Diagnostics;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Release;

/// <summary>Times the stages of one run, reports the current one as progress and records how each ended.</summary>
internal sealed class StageRecorder
{
    private readonly List<ReleaseStage> stages = new();
    private readonly IRailwayEventSink events;
    private readonly Stopwatch total = Stopwatch.StartNew();
    private ReleaseStageName? current;
    private DateTimeOffset started;
    private Stopwatch clock = new();

    public StageRecorder(IRailwayEventSink events)
    {
        this.events = events;
    }

    public IReadOnlyList<ReleaseStage> Stages => stages;

    public TimeSpan Elapsed => total.Elapsed;

    /// <summary>The stage that has begun and not yet ended, if any.</summary>
    public ReleaseStageName? Current => current;

    /// <summary>Whether <paramref name="name"/> has begun and not yet ended.</summary>
    public bool IsRunning(ReleaseStageName name) => current == name;

    public void Begin(ReleaseStageName name, string description)
    {
        current = name;
        started = DateTimeOffset.UtcNow;
        clock = Stopwatch.StartNew();
        var index = (int)name;
        events.Report(new RailwayEvent(RailwayEventLevel.Progress,
            ReleaseMessages.Format(ReleaseMessages.StageProgress, name, index + 1, description))
        {
            Activity = ReleaseMessages.StageActivity,
            PercentComplete = index * 20,
        });
    }

    public void End(ReleaseStageOutcome outcome, string detail)
    {
        var name = current ?? throw new InvalidOperationException("No stage is running.");
        stages.Add(new ReleaseStage { Name = name, Started = started, Duration = clock.Elapsed, Outcome = outcome, Detail = detail });
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose,
            ReleaseMessages.Format(ReleaseMessages.StageFinished, name, outcome, clock.Elapsed.TotalSeconds, detail)));
        current = null;
    }

    /// <summary>Records a stage that never started.</summary>
    public void NotRun(ReleaseStageName name, ReleaseStageOutcome outcome, string detail) =>
        stages.Add(new ReleaseStage { Name = name, Outcome = outcome, Detail = detail });

    /// <summary>Marks every stage not yet recorded as skipped.</summary>
    public void SkipRemaining(string detail)
    {
        foreach (var name in Enum.GetValues<ReleaseStageName>().Where(n => stages.All(s => s.Name != n) && n != current))
        {
            stages.Add(new ReleaseStage { Name = name, Outcome = ReleaseStageOutcome.Skipped, Detail = detail });
        }
    }

    public void Complete() => events.Report(new RailwayEvent(RailwayEventLevel.Progress, ReleaseMessages.StageActivity)
    {
        Activity = ReleaseMessages.StageActivity,
        PercentComplete = 100,
        Completed = true,
    });
}
