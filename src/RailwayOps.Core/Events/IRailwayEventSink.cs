namespace RailwayOps.Core.Events;

/// <summary>Receives Core's events. Implementations must be thread-safe: Core reports from worker threads.</summary>
public interface IRailwayEventSink
{
    void Report(RailwayEvent railwayEvent);
}

/// <summary>A sink that discards everything, for callers that do not listen.</summary>
public sealed class NullEventSink : IRailwayEventSink
{
    public static NullEventSink Instance { get; } = new();

    private NullEventSink()
    {
    }

    public void Report(RailwayEvent railwayEvent)
    {
    }
}
