using RailwayOps.Core.Events;

namespace RailwayOps.Core.Tests.Health;

/// <summary>
/// Keeps every event, and lets a test act when the n-th one arrives (between probe attempts). Progress records
/// (refreshed on a timer) are kept apart in <see cref="Progress"/> and not counted, so counts mean attempts.
/// </summary>
public sealed class RecordingEventSink : IRailwayEventSink
{
    private readonly List<RailwayEvent> events = new();
    private readonly List<RailwayEvent> progress = new();
    private readonly Action<int>? onEvent;

    public RecordingEventSink(Action<int>? onEvent = null)
    {
        this.onEvent = onEvent;
    }

    public IReadOnlyList<RailwayEvent> Events
    {
        get
        {
            lock (this.events)
            {
                return this.events.ToList();
            }
        }
    }

    public IReadOnlyList<RailwayEvent> Progress
    {
        get
        {
            lock (this.progress)
            {
                return this.progress.ToList();
            }
        }
    }

    public void Report(RailwayEvent railwayEvent)
    {
        if (railwayEvent.Level == RailwayEventLevel.Progress)
        {
            lock (this.progress)
            {
                this.progress.Add(railwayEvent);
            }

            return;
        }

        int count;
        lock (this.events)
        {
            this.events.Add(railwayEvent);
            count = this.events.Count;
        }
        this.onEvent?.Invoke(count);
    }
}
