using RailwayOps.Core.Events;
using RailwayOps.Core.Health;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Health;

public class HealthProbeTests
{
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QuickRetry = TimeSpan.FromMilliseconds(20);

    // Long enough for several attempts even on a loaded machine; these tests run until the deadline.
    private static readonly TimeSpan ShortDeadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task HealthyOnTheFirstTry_ReportsEverything()
    {
        using var server = LoopbackServer.Health(_ => StubResponse.Health("0.1.1")).Start();
        var events = new RecordingEventSink();
        using var probe = new HealthProbe(events);
        var before = DateTimeOffset.UtcNow;

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { ExpectedVersion = "0.1.1", Timeout = Patient }, CancellationToken.None);

        Assert.True(result.Healthy);
        Assert.Equal(server.HealthUri, result.Uri);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("ok", result.Status);
        Assert.Equal("0.1.1", result.Version);
        Assert.Equal("0.1.1", result.ExpectedVersion);
        Assert.True(result.VersionMatches);
        Assert.Equal(1, result.Attempts);
        Assert.Null(result.LastError);
        Assert.False(result.TimedOut);
        Assert.True(result.Latency > TimeSpan.Zero);
        Assert.InRange(result.CheckedAt, before, DateTimeOffset.UtcNow);
        var verbose = Assert.Single(events.Events);
        Assert.Equal(RailwayEventLevel.Verbose, verbose.Level);
        Assert.Contains("attempt 1: HTTP 200", verbose.Message);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task SlowStart_ConnectionRefusedThenHealthy()
    {
        using var server = LoopbackServer.Health(_ => StubResponse.Health("0.1.1"));
        // The server comes up only after the first attempt has failed to connect.
        var events = new RecordingEventSink(count => { if (count == 1) server.Start(); });
        using var probe = new HealthProbe(events);

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { ExpectedVersion = "0.1.1", Timeout = Patient, RetryInterval = QuickRetry }, CancellationToken.None);

        Assert.True(result.Healthy);
        Assert.Equal(2, result.Attempts);
        Assert.Contains("no answer", events.Events[0].Message);
        Assert.Contains("retrying", events.Events[0].Message);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(429)]
    public async Task RetryableStatus_ThenHealthy(int status)
    {
        using var server = LoopbackServer.Health(n => n <= 2 ? new StubResponse(status, "<html>starting</html>", "text/html") : StubResponse.Health("0.1.1")).Start();
        var events = new RecordingEventSink();
        using var probe = new HealthProbe(events);

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { ExpectedVersion = "0.1.1", Timeout = Patient, RetryInterval = QuickRetry }, CancellationToken.None);

        Assert.True(result.Healthy);
        Assert.Equal(3, result.Attempts);
        Assert.Contains($"HTTP {status}", events.Events[0].Message);
    }

    [Fact]
    public async Task VersionMismatch_UntilTheDeadline_SaysMismatch()
    {
        using var server = LoopbackServer.Health(_ => StubResponse.Health("0.1.0")).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri)
        {
            ExpectedVersion = "0.1.1",
            Timeout = ShortDeadline,
            RetryInterval = TimeSpan.FromMilliseconds(50),
        }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.False(result.VersionMatches);
        Assert.Equal("0.1.0", result.Version);
        Assert.Equal(200, result.StatusCode);
        Assert.True(result.TimedOut);
        Assert.True(result.Attempts > 1, $"attempts: {result.Attempts}");
        Assert.Equal(server.RequestCount, result.Attempts);
        Assert.Equal("version is 0.1.0, expected 0.1.1", result.LastError);
    }

    [Fact]
    public async Task NonJsonBody_WhenAVersionIsExpected_IsNotHealthy()
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(200, "<html>OK</html>", "text/html")).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri)
        {
            ExpectedVersion = "0.1.1",
            Timeout = ShortDeadline,
            RetryInterval = TimeSpan.FromMilliseconds(50),
        }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.Null(result.Version);
        Assert.False(result.VersionMatches);
        Assert.Contains("not a JSON object", result.LastError);
        Assert.True(result.Attempts > 1, $"attempts: {result.Attempts}");
    }

    [Fact]
    public async Task NonJsonBody_WithoutAnExpectedVersion_IsHealthy()
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(200, "OK", "text/plain")).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri), CancellationToken.None);

        Assert.True(result.Healthy);
        Assert.Null(result.VersionMatches);
        Assert.Equal(1, result.Attempts);
    }

    [Theory]
    [InlineData("""{"build":{"version":"1.2.3"}}""", "build.version", "1.2.3", "1.2.3")]
    [InlineData("""{"Version":"v1.2.3"}""", "version", "1.2.3", "v1.2.3")]
    [InlineData("""{"version":2}""", "version", "2", "2")]
    [InlineData("""{"data":{"app":{"release":"0.9.0-rc.1"}}}""", "data.app.release", "0.9.0-rc.1", "0.9.0-rc.1")]
    public async Task VersionProperty_DottedPathsAndFormats(string body, string property, string expected, string reported)
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(200, body)).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { ExpectedVersion = expected, VersionProperty = property, Timeout = Patient }, CancellationToken.None);

        Assert.True(result.Healthy);
        Assert.Equal(reported, result.Version);
        Assert.True(result.VersionMatches);
    }

    [Fact]
    public async Task MissingVersionProperty_IsNamedInTheError()
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(200, """{"status":"ok"}""")).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { ExpectedVersion = "1.0.0", VersionProperty = "build.version", Timeout = TimeSpan.Zero }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.Equal("ok", result.Status);
        Assert.Equal("the JSON body has no 'build.version' property", result.LastError);
    }

    [Fact]
    public async Task TimeoutZero_MakesASingleAttempt()
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(503, "down", "text/plain")).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { Timeout = TimeSpan.Zero, RetryInterval = QuickRetry }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(400)]
    public async Task FinalStatus_StopsAtOnce(int status)
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(status, "{}")).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { Timeout = Patient, RetryInterval = QuickRetry }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.False(result.TimedOut);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(status, result.StatusCode);
        Assert.StartsWith($"HTTP {status}", result.LastError);
    }

    [Fact]
    public async Task ServerThatNeverAnswers_TimesOutPerRequest()
    {
        using var server = LoopbackServer.Health(_ => StubResponse.Hang).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { Timeout = TimeSpan.FromMilliseconds(300), RetryInterval = QuickRetry }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.True(result.TimedOut);
        Assert.Null(result.StatusCode);
        Assert.StartsWith("no answer within", result.LastError);
    }

    [Fact]
    public async Task Redirect_IsFollowed()
    {
        using var server = LoopbackServer.Health((_, request) => request.Path == "/health"
            ? new StubResponse(302) { Location = "/api/health" }
            : StubResponse.Health("0.1.1")).Start();
        using var probe = new HealthProbe();

        var result = await probe.CheckAsync(new HealthProbeOptions(new Uri(server.BaseUri, "health")) { ExpectedVersion = "0.1.1", Timeout = Patient }, CancellationToken.None);

        Assert.True(result.Healthy);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Cancellation_DuringTheRetryPause_StopsTheProbe()
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(503, "down", "text/plain")).Start();
        using var cancellation = new CancellationTokenSource();
        // Cancelled from another thread once the probe is inside its pause; were the pause deaf to
        // the token, the probe would return a result after its deadline instead of throwing.
        using var probe = new HealthProbe(new RecordingEventSink(count =>
        {
            if (count == 1)
            {
                _ = Task.Run(async () => { await Task.Delay(100); cancellation.Cancel(); });
            }
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { Timeout = Patient, RetryInterval = TimeSpan.FromMinutes(10) }, cancellation.Token));

        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task Cancellation_DuringARequest_StopsTheProbe()
    {
        using var cancellation = new CancellationTokenSource();
        using var server = LoopbackServer.Health(_ =>
        {
            cancellation.Cancel();
            return StubResponse.Hang;
        }).Start();
        using var probe = new HealthProbe();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { Timeout = Patient }, cancellation.Token));
    }

    [Theory]
    [InlineData("ftp://example.com/health")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/api/health")]
    [InlineData("ws://127.0.0.1/health")]
    public void NonHttpUri_IsRefused(string uri)
    {
        var error = Assert.Throws<InvalidHealthUriException>(() => new HealthProbeOptions(new Uri(uri, UriKind.RelativeOrAbsolute)));

        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Equal(uri, error.Uri);
    }

    [Fact]
    public async Task NegativeTimeout_IsRefused()
    {
        using var probe = new HealthProbe();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            probe.CheckAsync(new HealthProbeOptions(new Uri("http://127.0.0.1/")) { Timeout = TimeSpan.FromSeconds(-1) }, CancellationToken.None));
    }

    [Fact]
    public async Task ProgressShowsTheAttemptTheTimeWaitedAndTheDeadline()
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(503, "{}")).Start();
        var events = new RecordingEventSink();
        using var probe = new HealthProbe(events);

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri)
        {
            Timeout = TimeSpan.FromSeconds(2.5),
            RetryInterval = TimeSpan.FromMilliseconds(400),
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        }, CancellationToken.None);

        Assert.False(result.Healthy);
        var lines = events.Progress.Where(e => !e.Completed).Select(e => e.Message).ToList();
        Assert.All(lines, line => Assert.Matches(@"^attempt \d+ · waited \d+ s · last: .+ · deadline \d\d:\d\d:\d\d \(\d+ s left\)$", line));
        Assert.Contains(lines, line => line.Contains("last: HTTP 503", StringComparison.Ordinal));
        Assert.True(lines.Select(line => line.Split(' ')[1]).Distinct().Count() >= 2, "the attempt number must move");
        Assert.True(lines.Distinct().Count() >= 4, string.Join(" | ", lines.Distinct()));
        Assert.All(events.Progress, e => Assert.Equal(HealthProbe.ProgressActivityId, e.ActivityId));
        Assert.True(events.Progress[^1].Completed);
    }

    [Fact]
    public async Task TheCallersDeadlineEndsTheChecksBeforeTheirOwnTimeout()
    {
        using var server = LoopbackServer.Health(_ => new StubResponse(503, "{}")).Start();
        using var probe = new HealthProbe(new RecordingEventSink());
        using var deadline = Core.Resilience.Deadline.After(TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await probe.CheckAsync(new HealthProbeOptions(server.HealthUri) { Timeout = Patient, RetryInterval = QuickRetry, Deadline = deadline }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.True(result.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the probe took {clock.Elapsed} of its 60 s");
    }
}
