using System.Text.Json;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Git;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

public sealed class GitHostingTests : IDisposable
{
    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task The_repos_endpoint_reports_a_bare_repository_with_the_push_hook_for_each_service_repo()
    {
        await using var host = await EngineTestHost.StartAsync(new EngineTestStore("railwayops/hello-railway"), _state.Path);
        using var http = new HttpClient();

        var repos = JsonDocument.Parse(await http.GetStringAsync(new Uri(host.BaseAddress, "_emulator/repos"))).RootElement;

        var repo = Assert.Single(repos.EnumerateArray());
        Assert.Equal("railwayops/hello-railway", repo.GetProperty("repo").GetString());
        Assert.Equal("main", repo.GetProperty("defaultBranch").GetString());
        var path = repo.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(_state.Path, "git", "railwayops", "hello-railway.git"), path);
        Assert.Equal("true", GitCli.RunOrThrow(path, "rev-parse", "--is-bare-repository").Trim());
        Assert.True(OperatingSystem.IsWindows()
            || File.GetUnixFileMode(Path.Combine(path, "hooks", "post-receive")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task A_push_to_an_untracked_branch_deploys_nothing_and_its_spool_file_is_consumed()
    {
        await using var host = await EngineTestHost.StartAsync(new EngineTestStore("railwayops/hello-railway"), _state.Path);
        host.Engine.SyncRepositories();
        using var clone = SampleClone.Create(host.BareRepositoryPath);

        clone.Push("experiment");
        var spool = Path.Combine(host.BareRepositoryPath, GitRepositoryHost.SpoolFolderName);
        await Until(() => Directory.GetFiles(spool).Length == 0 ? "" : null, "the spool to be consumed");
        clone.Push("main");
        await DeploymentOf(host.Store, clone.Head());

        var deployments = host.Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId);
        Assert.Equal("main", Assert.Single(deployments).Meta.Branch);
    }

    [Fact]
    public async Task A_push_received_while_the_emulator_is_down_is_deployed_when_it_starts()
    {
        var store = new EngineTestStore("railwayops/hello-railway");
        string barePath;
        await using (var first = await EngineTestHost.StartAsync(store, _state.Path))
        {
            first.Engine.SyncRepositories();
            barePath = first.BareRepositoryPath;
        }
        using var clone = SampleClone.Create(barePath);
        clone.Push();
        Assert.Single(Directory.GetFiles(Path.Combine(barePath, GitRepositoryHost.SpoolFolderName), "*.push"));

        await using var second = await EngineTestHost.StartAsync(store, _state.Path);
        var deployment = await DeploymentOf(store, clone.Head());

        Assert.Equal(DeployStatus.SUCCESS, deployment.Status);
        Assert.Equal("0.1.0", await ServedVersionAsync(second.ServiceUrl()));
    }
}
