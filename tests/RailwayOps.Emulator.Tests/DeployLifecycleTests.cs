using RailwayOps.Emulator.Contracts;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>What happens to deployments after they went live: crashes, restarts, variables,
/// rollback, cancel, supersede, stop and remove.</summary>
public sealed class DeployLifecycleTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private EngineTestHost _host = null!;
    private SampleClone _clone = null!;

    private EngineTestStore Store => _host.Store;

    public async Task InitializeAsync()
    {
        _host = await EngineTestHost.StartAsync(new EngineTestStore("railwayops/hello-railway"), _state.Path);
        _host.Engine.SyncRepositories();
        _clone = SampleClone.Create(_host.BareRepositoryPath);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _clone.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task A_process_that_crashes_after_going_live_is_restarted_until_the_policy_is_exhausted()
    {
        WriteRailwayToml("""
            [deploy]
            startCommand = "echo up; sleep 0.3; echo boom >&2; exit 3"
            restartPolicyType = "ON_FAILURE"
            restartPolicyMaxRetries = 2
            """);
        var sha = _clone.Commit("A service that crashes");
        _clone.Push();

        var deployment = await Until(() => Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId)
            .FirstOrDefault(d => d.Meta.CommitHash == sha
                && Store.Logs(d.Id, LogKind.Deploy).Any(l => l.Contains("exhausted after 2 restart(s)"))), "the policy to be exhausted");

        Assert.Equal(DeployStatus.CRASHED, Store.GetDeployment(deployment.Id)!.Status);
        Assert.Equal(
            [DeployStatus.QUEUED, DeployStatus.BUILDING, DeployStatus.DEPLOYING, DeployStatus.SUCCESS, DeployStatus.CRASHED,
             DeployStatus.SUCCESS, DeployStatus.CRASHED, DeployStatus.SUCCESS, DeployStatus.CRASHED],
            Store.History(deployment.Id));
        var logs = Store.Logs(deployment.Id, LogKind.Deploy);
        Assert.Equal(2, logs.Count(l => l.StartsWith("Restarting container", StringComparison.Ordinal)));
        Assert.Equal(3, logs.Count(l => l == "boom"));
    }

    [Fact]
    public async Task With_restart_policy_never_a_crash_stays_crashed()
    {
        WriteRailwayToml("""
            [deploy]
            startCommand = "sleep 0.3; exit 1"
            restartPolicyType = "never"
            """);
        var sha = _clone.Commit("A service that must not restart");
        _clone.Push();

        var deployment = await Until(() => Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId)
            .FirstOrDefault(d => d.Meta.CommitHash == sha
                && Store.Logs(d.Id, LogKind.Deploy).Any(l => l.Contains("Restart policy NEVER"))), "the crash to be final");

        Assert.Equal(
            [DeployStatus.QUEUED, DeployStatus.BUILDING, DeployStatus.DEPLOYING, DeployStatus.SUCCESS, DeployStatus.CRASHED],
            Store.History(deployment.Id));
        Assert.DoesNotContain(Store.Logs(deployment.Id, LogKind.Deploy), l => l.StartsWith("Restarting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bulk_variable_change_redeploys_the_service_exactly_once_with_the_new_values()
    {
        _clone.Push();
        await DeploymentOf(Store, _clone.Head());
        var variables = Enumerable.Range(1, 19).ToDictionary(i => $"BULK_{i}", i => $"value-{i}");
        variables["GREETING"] = "bulk hello";
        Store.SetVariables(EngineTestStore.ProductionId, EngineTestStore.ServiceId, variables);

        _host.Engine.VariablesChanged(EngineTestStore.ProductionId, [EngineTestStore.ServiceId, EngineTestStore.ServiceId]);
        var redeploy = await DeploymentOf(Store, _clone.Head(), index: 1);

        Assert.Equal(DeployStatus.SUCCESS, redeploy.Status);
        Assert.Equal(2, Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId).Count);
        Assert.Equal("bulk hello", (await TryGetJsonAsync(_host.ServiceUrl() + "/"))!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Rollback_redeploys_the_previous_commit_and_only_a_former_live_deployment_can_be_rolled_back()
    {
        _clone.Push();
        var first = await DeploymentOf(Store, _clone.Head());
        _clone.SetVersion("0.1.1");
        _clone.Commit("v0.1.1");
        _clone.Push();
        var second = await DeploymentOf(Store, _clone.Head());

        Assert.True(_host.Engine.CanRollback(first.Id));
        Assert.False(_host.Engine.CanRollback(second.Id));
        Assert.Throws<EmulatorUserException>(() => _host.Engine.Rollback(second.Id));

        _host.Engine.Rollback(first.Id);
        var rollback = await DeploymentOf(Store, first.Meta.CommitHash!, index: 1);

        Assert.Equal(DeployStatus.SUCCESS, rollback.Status);
        Assert.Equal("rollback", rollback.Meta.Reason);
        Assert.Equal("0.1.0", await ServedVersionAsync(_host.ServiceUrl()));
        Assert.Equal(DeployStatus.REMOVED, Store.GetDeployment(second.Id)!.Status);
        Assert.True(_host.Engine.CanRollback(second.Id));
    }

    [Fact]
    public async Task Cancelling_a_building_deployment_removes_it()
    {
        _clone.EditRailwayToml(toml => toml.Replace("[build]", "[build]\nbuildCommand = \"sleep 30\""));
        var sha = _clone.Commit("A slow build");
        _clone.Push();
        var building = await Until(() => Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId)
            .FirstOrDefault(d => d.Meta.CommitHash == sha && d.Status == DeployStatus.BUILDING
                && Store.Logs(d.Id, LogKind.Build).Any(l => l.StartsWith("Running build command", StringComparison.Ordinal))),
            "the build to start");

        _host.Engine.Cancel(building.Id);
        var cancelled = await Terminal(Store, building.Id);

        Assert.Equal([DeployStatus.QUEUED, DeployStatus.BUILDING, DeployStatus.REMOVED], Store.History(cancelled.Id));
        Assert.Throws<EmulatorUserException>(() => _host.Engine.Cancel(building.Id));
    }

    [Fact]
    public async Task A_newer_push_supersedes_a_queued_one_while_the_previous_builds()
    {
        var release = Path.Combine(_state.Path, "release-the-build");
        _clone.EditRailwayToml(toml => toml.Replace("[build]",
            $"[build]\nbuildCommand = \"while [ ! -f '{release}' ]; do sleep 0.1; done\""));
        var slow = _clone.Commit("A build that waits for the test");
        _clone.Push();
        await Until(() => Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId)
            .FirstOrDefault(d => d.Meta.CommitHash == slow && d.Status == DeployStatus.BUILDING), "the first build");
        _clone.SetVersion("0.3.0");
        var middle = _clone.Commit("Middle");
        _clone.Push();
        var middleDeployment = await Until(() => Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId)
            .FirstOrDefault(d => d.Meta.CommitHash == middle), "the middle push");
        _clone.SetVersion("0.4.0");
        var last = _clone.Commit("Last");
        _clone.Push();
        await Until(() => Store.GetDeployment(middleDeployment.Id)!.Status == DeployStatus.REMOVED ? "" : null, "the middle one to be superseded");

        File.WriteAllText(release, "");
        var lastDeployment = await DeploymentOf(Store, last);

        Assert.Equal([DeployStatus.QUEUED, DeployStatus.REMOVED], Store.History(middleDeployment.Id));
        Assert.Equal(DeployStatus.SUCCESS, lastDeployment.Status);
        Assert.Equal(DeployStatus.REMOVED, Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId)
            .Single(d => d.Meta.CommitHash == slow).Status);
        Assert.Equal("0.4.0", await ServedVersionAsync(_host.ServiceUrl()));
    }

    [Fact]
    public async Task Restart_starts_a_new_process_for_the_live_deployment_without_a_rebuild()
    {
        _clone.Push();
        var live = await DeploymentOf(Store, _clone.Head());

        _host.Engine.Restart(live.Id);
        var restarted = await Terminal(Store, live.Id);

        Assert.Equal(DeployStatus.SUCCESS, restarted.Status);
        Assert.Equal(2, Store.Logs(live.Id, LogKind.Deploy).Count(l => l.Contains("listening on port")));
        Assert.Equal([DeployStatus.SUCCESS, DeployStatus.DEPLOYING, DeployStatus.SUCCESS], Store.History(live.Id).TakeLast(3));

        Assert.Single(Store.Logs(live.Id, LogKind.Build), l => l.StartsWith("Checking out", StringComparison.Ordinal));
        Assert.Equal("0.1.0", await ServedVersionAsync(_host.ServiceUrl()));
    }

    [Fact]
    public async Task Removing_the_live_deployment_stops_it_and_the_url_answers_503()
    {
        _clone.Push();
        var live = await DeploymentOf(Store, _clone.Head());

        await _host.Engine.RemoveAsync(live.Id);

        Assert.Equal(DeployStatus.REMOVED, Store.GetDeployment(live.Id)!.Status);
        Assert.True(Store.GetDeployment(live.Id)!.DeploymentStopped);
        Assert.Equal(503, (await GetAsync(_host.ServiceUrl() + "/api/health")).Status);
    }

    private void WriteRailwayToml(string content) => _clone.Write("railway.toml", content.Replace("\r\n", "\n") + "\n");
}
