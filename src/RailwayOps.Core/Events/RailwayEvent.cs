namespace RailwayOps.Core.Events;

/// <summary>How a cmdlet should surface an event: the stream it belongs to.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum RailwayEventLevel
{
    Verbose,
    Debug,
    Warning,
    Progress,
}

/// <summary>
/// Something Core wants the user to know while it works (a retry, a poll, a stage change).
/// Core never writes to a console; the cmdlet base drains these onto the pipeline thread.
/// </summary>
public sealed record RailwayEvent(RailwayEventLevel Level, string Message)
{
    /// <summary>Progress only: the activity the event belongs to.</summary>
    public string? Activity { get; init; }

    /// <summary>Progress only: 0..100, or -1 when unknown.</summary>
    public int PercentComplete { get; init; } = -1;

    /// <summary>Progress only: the activity has ended.</summary>
    public bool Completed { get; init; }

    /// <summary>Progress only: a distinct id for one of several parallel activities (one per awaited deployment); null uses the cmdlet's own.</summary>
    public int? ActivityId { get; init; }

    /// <summary>Progress only: the id of the activity this one belongs under; null for none.</summary>
    public int? ParentActivityId { get; init; }
}
