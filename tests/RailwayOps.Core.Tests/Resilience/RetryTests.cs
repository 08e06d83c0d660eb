using RailwayOps.Core.Resilience;
using System.Text.Json.Nodes;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Tests.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Resilience;

public sealed class RetryTests
{
    private static StubResponse RateLimited(int seconds) =>
        new(429, "{}") { Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString() } };

    [Fact]
    public async Task A429IsRetriedAfterAtLeastTheRetryAfterDelay()
    {
        await using var server = LoopbackServer.GraphQL((_, index) => index == 0 ? RateLimited(20) : StubResponse.Json(Json.EmptyProjects));
        var time = new RecordingTimeProvider();
        using var transport = TransportFactory.Create(server, time: time);

        await transport.QueryAsync("Projects", null, CancellationToken.None);

        Assert.Equal(2, server.RequestCount);
        var delay = Assert.Single(time.Delays);
        Assert.True(delay >= TimeSpan.FromSeconds(20), $"The retry waited {delay}, less than Retry-After.");
    }

    [Fact]
    public async Task EachRetryIsReportedWithItsDelay()
    {
        await using var server = LoopbackServer.GraphQL((_, index) => index < 2 ? new StubResponse(503, "{}") : StubResponse.Json(Json.EmptyProjects));
        var events = new RecordingEventSink();
        using var transport = TransportFactory.Create(server, events: events);

        await transport.QueryAsync("Projects", null, CancellationToken.None);

        var retries = events.Events.Where(e => e.Level == RailwayEventLevel.Verbose && e.Message.Contains("retry", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(2, retries.Length);
        Assert.All(retries, e => Assert.Matches(@"in \d+\.\d s", e.Message));
    }

    [Fact]
    public async Task PersistentFailureStopsAfterTheAttemptBudget()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => RateLimited(1));
        using var transport = TransportFactory.Create(server, maxAttempts: 4);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.RateLimited, exception.Kind);
        Assert.Equal(4, server.RequestCount);
    }

    [Fact]
    public async Task AMutationIsNeverRetried()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => new StubResponse(503, "{}"));
        using var transport = TransportFactory.Create(server);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() =>
            transport.MutateAsync("DeploymentRestart", new JsonObject { ["id"] = "d1" }, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.Transport, exception.Kind);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task AMutationIsNotRetriedOnRateLimitingEither()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => RateLimited(1));
        using var transport = TransportFactory.Create(server);

        await Assert.ThrowsAsync<RailwayApiException>(() =>
            transport.MutateAsync("VariableCollectionUpsert", new JsonObject(), CancellationToken.None));

        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task AuthenticationFailuresAreNotRetried()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.Errors("Not Authorized")));
        using var transport = TransportFactory.Create(server);

        await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task ARetryAfterBeyondTheLimitFailsAtOnce()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => RateLimited(3600));
        using var transport = TransportFactory.Create(server);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(TimeSpan.FromHours(1), exception.RetryAfter);
        Assert.Equal(1, server.RequestCount);
    }
}

public sealed class RetryAfterOverflowTests
{
    private static StubResponse RateLimited(string header) =>
        new(429, "{}") { Headers = new Dictionary<string, string> { ["Retry-After"] = header } };

    [Theory]
    [InlineData("1e300")]
    [InlineData("Infinity")]
    public async Task AnEndlessRetryAfterIsAClearRateLimitedError(string header)
    {
        await using var server = LoopbackServer.GraphQL((_, _) => RateLimited(header));
        using var transport = TransportFactory.Create(server);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.RateLimited, exception.Kind);
        Assert.Equal(RetryDelay.MaxRetryAfter, exception.RetryAfter);
        Assert.Contains("days", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task ANotANumberRetryAfterIsTreatedAsAbsent()
    {
        await using var server = LoopbackServer.GraphQL((_, index) => index == 0 ? RateLimited("NaN") : StubResponse.Json(Json.EmptyProjects));
        var time = new RecordingTimeProvider();
        using var transport = TransportFactory.Create(server, time: time);

        await transport.QueryAsync("Projects", null, CancellationToken.None);

        Assert.Equal(2, server.RequestCount);
    }
}
