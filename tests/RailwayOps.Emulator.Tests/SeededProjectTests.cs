using Microsoft.Extensions.DependencyInjection;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>The demo seed's project really runs: its live deployments serve from the moment the emulator is
/// ready, and their commits exist in the hosted repository, so a redeploy or a restart works.</summary>
public sealed class SeededProjectTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;

    private DeploymentEngine Engine => _emulator.Host.Services.GetRequiredService<DeploymentEngine>();
    private IEmulatorStore Store => _emulator.Host.Store;

    public async Task InitializeAsync() => _emulator = await TestEmulator.StartAsync(runSeededApps: true);

    public async Task DisposeAsync()
    {
        var state = _emulator.StateDirectory;
        await _emulator.DisposeAsync();
        Assert.Empty(await ProcessScan.StillRunningAfterAsync(ProcessScan.WorkingIn(state), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_live_deployments_serve_as_soon_as_the_emulator_is_ready_and_the_other_statuses_stay_as_seeded()
    {
        foreach (var environment in new[] { "production", "staging" })
        {
            var (instance, live) = Live(environment);
            var (status, body) = await GetAsync($"http://{Engine.ServiceDomain(instance.EnvironmentId, instance.ServiceId)}/api/health");
            Assert.True(status == 200, $"{environment}: {status} {body}");
            Assert.Contains("\"healthy\"", body, StringComparison.Ordinal);
            var statuses = Store.GetDeployments(instance.EnvironmentId, instance.ServiceId).Select(d => d.Status).ToList();
            Assert.Single(statuses, DeployStatus.SUCCESS);
            Assert.Single(statuses, DeployStatus.CRASHED);
            Assert.Equal(2, statuses.Count(s => s == DeployStatus.FAILED));
            Assert.Equal("Relax health check timeout - bump to v0.0.7", live.Meta.CommitMessage);
        }
    }

    [Fact]
    public async Task Every_seeded_commit_exists_and_a_first_push_to_main_is_still_accepted()
    {
        var repository = Engine.Git.Find("railwayops/hello-railway")!;
        var (instance, _) = Live("production");
        foreach (var deployment in Store.GetDeployments(instance.EnvironmentId, instance.ServiceId))
        {
            Assert.Equal(deployment.Meta.CommitHash, Engine.Git.ResolveCommit(repository, deployment.Meta.CommitHash!));
            Assert.Equal(deployment.Meta.CommitMessage, Engine.Git.ReadCommit(repository, deployment.Meta.CommitHash!).Message);
        }
        // The seeded history is kept beside the branches: a new repository's first push to main is not refused.
        Assert.Null(Engine.Git.BranchHead(repository, "main"));
        using var clone = SampleClone.Create(repository.Path);
        clone.Push();
        var pushed = await Until(() => Store.GetDeployments(instance.EnvironmentId, instance.ServiceId)
            .FirstOrDefault(d => d.Meta.CommitHash == clone.Head() && IsTerminal(d.Status)), "the first push's deployment");
        Assert.Equal(DeployStatus.SUCCESS, pushed.Status);
    }

    [Fact]
    public async Task The_seeded_live_deployment_restarts_and_redeploys()
    {
        var (_, live) = Live("production");

        // (Restart answers with the deployment DEPLOYING; SUCCESS after that is the restarted process.)
        Engine.Restart(live.Id);
        await Until(() => Store.GetDeployment(live.Id) is { Status: DeployStatus.SUCCESS } d
            && Logs(live.Id).Any(l => l.StartsWith("Restarting container (requested)", StringComparison.Ordinal)) ? d : null, "the restart");
        var redeployed = Engine.Redeploy(live.Id);
        var finished = await Until(() => Store.GetDeployment(redeployed.Id) is { } d && IsTerminal(d.Status) ? d : null, "the redeploy");

        Assert.Equal(DeployStatus.SUCCESS, finished.Status);
        Assert.Equal(live.Meta.CommitHash, finished.Meta.CommitHash);
        Assert.Equal(DeployStatus.REMOVED, Store.GetDeployment(live.Id)!.Status);
    }

    private IReadOnlyList<string> Logs(string deploymentId) =>
        _emulator.Host.Store.GetLogs(deploymentId, LogKind.Deploy).Select(l => l.Message).ToList();

    private (ServiceInstanceRecord Instance, DeploymentRecord Live) Live(string environment)
    {
        var instance = Store.AllServiceInstances().Single(i => i.ServiceName == "web" && i.EnvironmentName == environment);
        return (instance, Store.GetDeployments(instance.EnvironmentId, instance.ServiceId).Single(d => d.Status == DeployStatus.SUCCESS));
    }
}
