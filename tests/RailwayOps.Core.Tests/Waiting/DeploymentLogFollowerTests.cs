using System.Diagnostics;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Tests.Support;
using RailwayOps.Core.Waiting;
using Xunit;

namespace RailwayOps.Core.Tests.Waiting;

/// <summary>
/// -Follow: a deployment in progress is followed to its final status; a live one until -Until or Ctrl+C. Each change
/// the fake makes follows a request it answered (the follower's own polls), never a timer.
/// </summary>
public sealed class DeploymentLogFollowerTests : IAsyncLifetime
{
    private readonly FakeRailway railway = new();
    private readonly RecordingEventSink events = new();
    private RailwayClient client = null!;

    public Task InitializeAsync()
    {
        client = new RailwayClient(new GraphQLTransport(new GraphQLTransportOptions
        {
            Endpoint = railway.Endpoint,
            Credential = new RailwayCredential("follower-test-token-2b9d", RailwayTokenKind.Account, ValueSource.EnvironmentVariable("RAILWAY_API_TOKEN")),
            Events = events,
        }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await railway.DisposeAsync();
    }

    private DeploymentLogFollower Follower() => new(client, events) { InitialPollInterval = TimeSpan.FromMilliseconds(50) };

    /// <summary>Makes a change once the fake has seen what <paramref name="seen"/> asks for.</summary>
    private static async Task AfterAsync(Func<bool> seen, Action change)
    {
        await Eventually.Async(seen, "the follower's requests");
        change();
    }

    private static LogFollowOptions Polling(DateTimeOffset? until = null) =>
        new() { UseSubscription = false, MaxPollInterval = TimeSpan.FromMilliseconds(100), Until = until };

    [Fact]
    public async Task ALiveDeploymentIsFollowedUntilTheCallerStops()
    {
        var id = railway.Add(DeploymentStatus.Success, deployLog: new[] { "started", "listening" });
        using var stop = new CancellationTokenSource();
        var lines = new List<string>();

        var following = Task.Run(async () =>
        {
            await foreach (var line in Follower().FollowAsync(id, RailwayLogType.Deploy, Polling(), stop.Token))
            {
                lines.Add(line.Message);
                if (line.Message == "listening")
                {
                    // Well after the follow has begun (two more polls of a SUCCESS deployment): the app keeps writing while it runs.
                    var polled = railway.HttpRequests("DeploymentLogs");
                    _ = AfterAsync(() => railway.HttpRequests("DeploymentLogs") >= polled + 2, () => railway.AppendLog(id, "GET /api/health 200"));
                }

                if (line.Message == "GET /api/health 200")
                {
                    stop.Cancel();
                }
            }
        });

        // The landed code ended the follow at once (SUCCESS counted as final), so the later line never came.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(new[] { "started", "listening", "GET /api/health 200" }, lines);
    }

    [Fact]
    public async Task ALiveDeploymentIsFollowedUntilUntilPasses()
    {
        var id = railway.Add(DeploymentStatus.Success, deployLog: new[] { "started" });
        var until = DateTimeOffset.UtcNow.AddSeconds(1.5);
        _ = AfterAsync(() => railway.HttpRequests("DeploymentLogs") >= 1, () => railway.AppendLog(id, "a later line"));
        var clock = Stopwatch.StartNew();
        var lines = new List<string>();

        await foreach (var line in Follower().FollowAsync(id, RailwayLogType.Deploy, Polling(until), CancellationToken.None).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token))
        {
            lines.Add(line.Message);
        }

        Assert.Equal(new[] { "started", "a later line" }, lines);
        Assert.True(DateTimeOffset.UtcNow >= until, "the follow ended before -Until");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the follow took {clock.Elapsed}");
    }

    [Fact]
    public async Task ALiveDeploymentThatIsRemovedEndsTheFollow()
    {
        var id = railway.Add(DeploymentStatus.Success, deployLog: new[] { "started" });
        _ = AfterAsync(() => railway.HttpRequests("Deployment") >= 1, () => railway.SetStatus(id, DeploymentStatus.Removed));
        var lines = new List<string>();

        await foreach (var line in Follower().FollowAsync(id, RailwayLogType.Deploy, Polling(), CancellationToken.None).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token))
        {
            lines.Add(line.Message);
        }

        Assert.Equal(new[] { "started" }, lines);
    }

    [Fact]
    public async Task ADeploymentInProgressIsFollowedToItsFinalStatusOnly()
    {
        var id = railway.Add(DeploymentStatus.Deploying, deployLog: new[] { "starting" });
        _ = AfterAsync(() => railway.HttpRequests("Deployment") >= 1, () => railway.SetStatus(id, DeploymentStatus.Success));
        var lines = new List<string>();

        await foreach (var line in Follower().FollowAsync(id, RailwayLogType.Deploy, Polling(), CancellationToken.None).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token))
        {
            lines.Add(line.Message);
        }

        Assert.Equal(new[] { "starting" }, lines);
    }

    [Fact]
    public async Task AnUnknownDeploymentEndsTheFollowWithItsError()
    {
        var exception = await Assert.ThrowsAsync<RailwayApiException>(async () =>
        {
            await foreach (var _ in Follower().FollowAsync("00000000-0000-0000-0000-00000000f00d", RailwayLogType.Deploy, Polling(), CancellationToken.None))
            {
            }
        });

        Assert.Equal(RailwayApiErrorKind.NotFound, exception.Kind);
    }
}
