using RailwayOps.Core.Secrets;


namespace RailwayOps.Core.Events;

/// <summary>Scrubs every known secret from event text before it reaches any stream.</summary>
public sealed class RedactingEventSink : IRailwayEventSink
{
    private readonly IRailwayEventSink inner;
    private readonly Redactor redactor;

    public RedactingEventSink(IRailwayEventSink inner, Redactor redactor)
    {
        this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        this.redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
    }

    public void Report(RailwayEvent railwayEvent)
    {
        inner.Report(railwayEvent with
        {
            Message = redactor.Redact(railwayEvent.Message),
            Activity = railwayEvent.Activity is null ? null : redactor.Redact(railwayEvent.Activity),
        });
    }
}
