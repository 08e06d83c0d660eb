using RailwayOps.Core.Events;

namespace RailwayOps.Core.Tests.Health;

/// <summary>Keeps every event, and lets a test act when the n-th one arrives (between probe attempts).</summary>
public sealed class RecordingEventSink : IRailwayEventSink
{
    private readonly List<RailwayEvent> events = new();
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

    public void Report(RailwayEvent railwayEvent)
    {
        int count;
        lock (this.events)
        {
            this.events.Add(railwayEvent);
            count = this.events.Count;
        }
        this.onEvent?.Invoke(count);
    }
}
