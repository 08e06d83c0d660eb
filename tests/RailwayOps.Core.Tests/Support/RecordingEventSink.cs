using System.Collections.Concurrent;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Tests.Support;

public sealed class RecordingEventSink : IRailwayEventSink
{
    private readonly ConcurrentQueue<RailwayEvent> events = new();

    public IReadOnlyList<RailwayEvent> Events => events.ToArray();

    public void Report(RailwayEvent railwayEvent) => events.Enqueue(railwayEvent);
}
