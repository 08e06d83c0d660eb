using RailwayOps.Emulator.Contracts;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

public sealed class DeployResumeTests : IDisposable
{
    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task After_a_restart_the_live_deployment_runs_again_at_the_same_url_and_stopping_stops_every_process()
    {
        var store = new EngineTestStore("railwayops/hello-railway");
        string url;
        DeploymentRecord live;
        SampleClone clone;
        await using (var first = await EngineTestHost.StartAsync(store, _state.Path))
        {
            first.Engine.SyncRepositories();
            clone = SampleClone.Create(first.BareRepositoryPath);
            clone.Push();
            live = await DeploymentOf(store, clone.Head());
            url = first.ServiceUrl();
            Assert.Equal("0.1.0", await ServedVersionAsync(url));
        }
        using (clone)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(url + "/api/health"));

            await using var second = await EngineTestHost.StartAsync(store, _state.Path);
            var version = await UntilAsync(async () => (await TryGetJsonAsync(url + "/api/health"))?.GetProperty("version").GetString(),
                "the live deployment to serve again");

            Assert.Equal("0.1.0", version);
            Assert.Equal(url, second.ServiceUrl());
            Assert.Equal(DeployStatus.SUCCESS, store.GetDeployment(live.Id)!.Status);
            Assert.Single(store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId));
        }
    }

    [Fact]
    public async Task The_first_start_on_a_state_folder_deletes_what_an_upload_cut_off_by_a_kill_left_half_unpacked()
    {
        var store = new EngineTestStore("railwayops/hello-railway");
        var uploads = Path.Combine(_state.Path, "uploads");
        var cutOff = Path.Combine(uploads, ".incoming-" + Guid.NewGuid().ToString("N"));
        var kept = Path.Combine(uploads, Guid.NewGuid().ToString());
        Directory.CreateDirectory(Path.Combine(cutOff, "app"));
        File.WriteAllText(Path.Combine(cutOff, "app", "half.bin"), "half of a file");
        Directory.CreateDirectory(kept);
        File.WriteAllText(Path.Combine(kept, "index.html"), "a deployment's upload");

        await using var host = await EngineTestHost.StartAsync(store, _state.Path);

        Assert.False(Directory.Exists(cutOff));
        Assert.True(File.Exists(Path.Combine(kept, "index.html")));
    }

    [Fact]
    public async Task Stopping_and_resuming_the_engine_in_one_host_as_a_reseed_does_restarts_the_live_deployment()
    {
        var store = new EngineTestStore("railwayops/hello-railway");
        await using var host = await EngineTestHost.StartAsync(store, _state.Path);
        host.Engine.SyncRepositories();
        using var clone = SampleClone.Create(host.BareRepositoryPath);
        clone.Push();
        await DeploymentOf(store, clone.Head());
        var url = host.ServiceUrl();

        await host.Engine.StopAllAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(url + "/api/health"));
        await host.Engine.ResumeAsync(CancellationToken.None);
        var version = await UntilAsync(async () => (await TryGetJsonAsync(url + "/api/health"))?.GetProperty("version").GetString(),
            "the live deployment to serve again");
        clone.SetVersion("0.9.0");
        var next = clone.Commit("After the resume");
        clone.Push();
        await DeploymentOf(store, next);

        Assert.Equal("0.1.0", version);
        Assert.Equal("0.9.0", await ServedVersionAsync(url));
    }
}
