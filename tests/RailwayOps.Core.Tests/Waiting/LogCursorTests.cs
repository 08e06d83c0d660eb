using RailwayOps.Core.Waiting;
using Xunit;

namespace RailwayOps.Core.Tests.Waiting;

public sealed class LogCursorTests
{
    [Fact]
    public void DropsReplayedLinesAfterAReconnect()
    {
        var cursor = new LogCursor(null, null);
        var first = new[] { Line("10:00:01.000000001", "a"), Line("10:00:02.000000001", "b") };

        var written = first.Where(cursor.Accept).Select(line => line.Message).ToList();
        written.AddRange(new[] { Line("10:00:01.000000001", "a"), Line("10:00:02.000000001", "b"), Line("10:00:03.000000001", "c") }
            .Where(cursor.Accept).Select(line => line.Message));

        Assert.Equal(new[] { "a", "b", "c" }, written);
    }

    [Fact]
    public void OrdersLinesWithinOneTickByTheirNanoseconds()
    {
        var cursor = new LogCursor(null, null);

        Assert.True(cursor.Accept(Line("10:00:01.000000010", "a")));
        Assert.True(cursor.Accept(Line("10:00:01.000000020", "b")));
        Assert.False(cursor.Accept(Line("10:00:01.000000015", "a replay")));
    }

    [Fact]
    public void KeepsOnlyTheSinceUntilWindowAndResumesAfterTheLastLine()
    {
        var since = DateTimeOffset.Parse("2026-11-27T10:00:02Z");
        var cursor = new LogCursor(since, DateTimeOffset.Parse("2026-11-27T10:00:04Z"));
        Assert.Equal(since, cursor.ResumeAt);

        Assert.False(cursor.Accept(Line("10:00:01.000000000", "early")));
        Assert.True(cursor.Accept(Line("10:00:03.000000000", "inside")));
        Assert.False(cursor.Accept(Line("10:00:05.000000000", "late")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T10:00:03Z"), cursor.ResumeAt);
    }

    private static RailwayLogLine Line(string time, string message)
    {
        var raw = $"2026-11-27T{time}Z";
        return new RailwayLogLine { RawTimestamp = raw, Timestamp = DateTimeOffset.Parse(raw[..^3] + "Z"), Message = message };
    }
}
