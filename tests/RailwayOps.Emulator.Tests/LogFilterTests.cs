using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Graph;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class LogFilterTests
{
    private static readonly LogRecord[] Lines =
    [
        new(DateTimeOffset.UnixEpoch, "GET /api/health 200", "info", new Dictionary<string, string> { ["httpStatus"] = "200" }),
        new(DateTimeOffset.UnixEpoch, "failed to send batch", "error", new Dictionary<string, string> { ["httpStatus"] = "503" }),
        new(DateTimeOffset.UnixEpoch, "OPTIONS /api/items", "warn"),
    ];

    private static string[] Matching(string filter) =>
        Lines.Where(LogFilter.Parse(filter).Matches).Select(l => l.Message).ToArray();

    [Theory]
    [InlineData("", 3)]
    [InlineData("health", 1)]
    [InlineData("\"send batch\"", 1)]
    [InlineData("@level:error", 1)]
    [InlineData("@level:error AND \"failed to send batch\"", 1)]
    [InlineData("@level:error OR @level:warn", 2)]
    [InlineData("-OPTIONS", 2)]
    [InlineData("(@level:warn OR @level:info) -health", 1)]
    [InlineData("@httpStatus:500..599", 1)]
    [InlineData("@httpStatus:>=200", 2)]
    [InlineData("@httpStatus:<300", 1)]
    public void FilterSelectsTheExpectedLines(string filter, int expected) => Assert.Equal(expected, Matching(filter).Length);

    [Fact]
    public void WordsSideBySideMustAllMatch() => Assert.Equal(["GET /api/health 200"], Matching("GET health"));
}
