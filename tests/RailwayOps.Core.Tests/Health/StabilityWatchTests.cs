using RailwayOps.Core.Health;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Health;

/// <summary>The stability window over a health URL alone (the deployment-status half runs against the emulator in Pester).</summary>
public sealed class StabilityWatchTests
{
    [Fact]
    public async Task A_steady_endpoint_is_stable_for_the_whole_window_and_probed_at_least_twice()
    {
        using var server = LoopbackServer.Health(_ => StubResponse.Health("1.0.0")).Start();

        var verdict = await new StabilityWatch(null).WatchAsync(new StabilityOptions
        {
            Window = TimeSpan.FromSeconds(3.5),
            HealthUri = server.HealthUri,
            ExpectedVersion = "1.0.0",
        }, CancellationToken.None);

        Assert.True(verdict.Stable);
        Assert.Null(verdict.Reason);
        Assert.InRange(verdict.Probes, 2, 4);
        Assert.Equal(TimeSpan.FromSeconds(3.5), verdict.Watched);
        Assert.Equal("stable for 4 s", verdict.ToString());
    }

    [Fact]
    public async Task An_endpoint_that_stops_answering_the_version_twice_in_a_row_is_unstable_before_the_window_ends()
    {
        using var server = LoopbackServer.Health(number => number <= 1 ? StubResponse.Health("1.0.0") : StubResponse.Health("0.9.0")).Start();

        var verdict = await new StabilityWatch(null).WatchAsync(new StabilityOptions
        {
            Window = TimeSpan.FromSeconds(30),
            HealthUri = server.HealthUri,
            ExpectedVersion = "1.0.0",
            ProbeInterval = TimeSpan.FromSeconds(1),
        }, CancellationToken.None);

        Assert.False(verdict.Stable);
        Assert.True(verdict.Watched < TimeSpan.FromSeconds(10), verdict.Watched.ToString());
        Assert.Contains("version is 0.9.0, expected 1.0.0", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal("0.9.0", verdict.LastHealth?.Version);
    }

    [Fact]
    public async Task One_failed_probe_that_the_confirmation_contradicts_is_not_instability()
    {
        using var server = LoopbackServer.Health(number => number == 2 ? new StubResponse(503) : StubResponse.Health("1.0.0")).Start();

        var verdict = await new StabilityWatch(null).WatchAsync(new StabilityOptions
        {
            Window = TimeSpan.FromSeconds(4),
            HealthUri = server.HealthUri,
            ProbeInterval = TimeSpan.FromSeconds(1),
        }, CancellationToken.None);

        Assert.True(verdict.Stable, verdict.Reason);
    }

    [Fact]
    public async Task Cancelling_ends_the_window_at_once()
    {
        using var server = LoopbackServer.Health(_ => StubResponse.Health("1.0.0")).Start();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new StabilityWatch(null).WatchAsync(new StabilityOptions
        {
            Window = TimeSpan.FromSeconds(30),
            HealthUri = server.HealthUri,
        }, cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task Watching_a_deployment_needs_a_client()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new StabilityWatch(null).WatchAsync(
            new StabilityOptions { Window = TimeSpan.FromSeconds(1), DeploymentId = "d" }, CancellationToken.None));
    }
}
