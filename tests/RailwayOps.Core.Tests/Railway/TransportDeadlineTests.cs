using System.Diagnostics;
using System.Text.Json.Nodes;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Resilience;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>
/// One deadline carried into every request and retry: against an endpoint that accepts connections and
/// never answers, a read ends at the caller's deadline with one clear Timeout, not after RAILWAY_HTTP_TIMEOUT
/// times the retry budget.
/// </summary>
public sealed class TransportDeadlineTests
{
    private static GraphQLTransport Transport(Uri endpoint, Deadline deadline, TimeSpan? timeout = null, RetryOptions? retry = null, RecordingEventSink? events = null) =>
        new(new GraphQLTransportOptions
        {
            Endpoint = endpoint,
            Credential = TransportFactory.Account(),
            Timeout = timeout ?? TimeSpan.FromSeconds(90),
            Retry = retry ?? new RetryOptions(),
            Deadline = deadline,
            Events = events ?? new RecordingEventSink(),
        });

    [Fact]
    public async Task AReadAgainstASilentSocketEndsAtTheDeadline()
    {
        await using var silent = new SilentServer();
        using var deadline = Deadline.After(TimeSpan.FromSeconds(1));
        using var transport = Transport(silent.Endpoint, deadline);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.Timeout, exception.Kind);
        Assert.True(exception.DeadlinePassed);
        Assert.False(exception.IsTransient);
        Assert.Contains("1 s deadline", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, transport.Counter["Projects"]);
        // Without the deadline the first attempt alone would take RAILWAY_HTTP_TIMEOUT (90 s), then three more.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the read took {clock.Elapsed}");
    }

    [Fact]
    public async Task AMutationAgainstASilentSocketEndsAtTheDeadline()
    {
        await using var silent = new SilentServer();
        using var deadline = Deadline.After(TimeSpan.FromSeconds(1));
        using var transport = Transport(silent.Endpoint, deadline);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.MutateAsync("DeploymentRestart", new JsonObject { ["id"] = "d1" }, CancellationToken.None));

        Assert.True(exception.DeadlinePassed);
        Assert.Equal(RailwayApiErrorKind.Timeout, exception.Kind);
    }

    [Fact]
    public async Task ARetryWhosePauseWouldEndAfterTheDeadlineIsNotMade()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => new StubResponse(503, "{}"));
        using var deadline = Deadline.After(TimeSpan.FromSeconds(3));
        var events = new RecordingEventSink();
        using var transport = Transport(server.Endpoint, deadline, retry: new RetryOptions { BaseDelay = TimeSpan.FromSeconds(20) }, events: events);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        // The 503 itself is the answer: the caller sees what Railway said, not a timeout it never reached.
        Assert.Equal(RailwayApiErrorKind.Transport, exception.Kind);
        Assert.Equal(1, server.RequestCount);
        Assert.Contains(events.Events, e => e.Message.Contains("would start after the 3 s deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APassedDeadlineSendsNothing()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects));
        using var deadline = Deadline.After(TimeSpan.Zero);
        using var transport = Transport(server.Endpoint, deadline);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.True(exception.DeadlinePassed);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task WithoutADeadlineEachAttemptKeepsItsOwnTimeoutAndIsRetried()
    {
        await using var silent = new SilentServer();
        using var transport = Transport(silent.Endpoint, Deadline.None, timeout: TimeSpan.FromMilliseconds(300),
            retry: new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) });

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.Timeout, exception.Kind);
        Assert.False(exception.DeadlinePassed);
        Assert.Equal(2, transport.Counter["Projects"]);
    }

    [Fact]
    public async Task TheCallersCancellationIsNotReportedAsADeadline()
    {
        await using var silent = new SilentServer();
        using var deadline = Deadline.After(TimeSpan.FromMinutes(5));
        using var transport = Transport(silent.Endpoint, deadline);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.QueryAsync("Projects", null, stop.Token));
    }

    [Fact]
    public async Task TheSubscriptionHandshakeIsCutToTheDeadline()
    {
        await using var silent = new SilentServer();
        using var deadline = Deadline.After(TimeSpan.FromSeconds(1));
        using var client = new RailwayClient(Transport(silent.Endpoint, deadline));
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<SubscriptionException>(async () =>
        {
            await foreach (var _ in client.Deployments.SubscribeAsync("d1", CancellationToken.None))
            {
            }
        });

        Assert.Equal(SubscriptionFailureKind.Unavailable, exception.Kind);
        // The handshake's own limit is 10 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the handshake took {clock.Elapsed}");
    }
}
