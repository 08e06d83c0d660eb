namespace RailwayOps.Core.Waiting;

/// <summary>
/// Decides which lines are new. Like the Railway CLI, a line whose timestamp is not after the last
/// one written is a replay (a reconnect re-sends the backlog) and is dropped.
/// </summary>
internal sealed class LogCursor
{
    private readonly DateTimeOffset? since;
    private readonly DateTimeOffset? until;

    public LogCursor(DateTimeOffset? since, DateTimeOffset? until)
    {
        this.since = since;
        this.until = until;
    }

    public RailwayLogLine? Last { get; private set; }

    /// <summary>Where the next HTTP read starts: after the last line written, else at -Since.</summary>
    public DateTimeOffset? ResumeAt => Last?.Timestamp ?? since;

    public bool Accept(RailwayLogLine line)
    {
        if ((since is { } from && line.Timestamp < from) || (until is { } to && line.Timestamp > to))
        {
            return false;
        }

        if (Last is { } last && Compare(line, last) <= 0)
        {
            return false;
        }

        Last = line;
        return true;
    }

    private static int Compare(RailwayLogLine a, RailwayLogLine b)
    {
        var byTime = a.Timestamp.CompareTo(b.Timestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.RawTimestamp, b.RawTimestamp);
    }
}
