using Octokit;
using RailwayOps.Emulator.Contracts;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>Pull requests drive PR environments: open → deploy the head branch, push → redeploy,
/// close or merge → the environment and its processes go away.</summary>
public sealed class GitHubPullRequestTests : IAsyncLifetime
{
    private const string Owner = "railwayops";
    private const string Name = "hello-railway";
    private readonly TempFolder _state = new();
    private EngineTestHost _host = null!;
    private SampleClone _clone = null!;
    private GitHubClient _github = null!;

    private EngineTestStore Store => _host.Store;

    public async Task InitializeAsync()
    {
        _host = await EngineTestHost.StartAsync(new EngineTestStore($"{Owner}/{Name}"), _state.Path);
        _host.Engine.SyncRepositories();
        _clone = SampleClone.Create(_host.BareRepositoryPath);
        _github = new GitHubClient(new ProductHeaderValue("railwayops-tests"), _host.BaseAddress)
        {
            Credentials = new Credentials(EngineTestStore.GitHubToken),
        };
        _clone.Push();
        await DeploymentOf(Store, _clone.Head());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _clone.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task Opening_a_pull_request_deploys_its_branch_to_a_pr_environment_that_closing_deletes()
    {
        _clone.Checkout("feature/greeting", create: true);
        _clone.SetVersion("0.2.0");
        var headSha = _clone.Commit("A feature");
        _clone.Push("feature/greeting");

        var pullRequest = await _github.PullRequest.Create(Owner, Name, new NewPullRequest("A feature", "feature/greeting", "main"));
        var environment = Store.GetEnvironments(EngineTestStore.ProjectId).Single(e => e.IsEphemeral);
        var prDeployment = await DeploymentOf(Store, headSha, environment.Id);
        var prUrl = _host.ServiceUrl(environment.Id);

        Assert.Equal(1, pullRequest.Number);
        Assert.Equal("demo-pr-1", environment.Name);
        Assert.Equal(1, environment.PrNumber);
        Assert.Equal(DeployStatus.SUCCESS, prDeployment.Status);
        Assert.Equal("0.2.0", await ServedVersionAsync(prUrl));
        Assert.Equal("0.1.0", await ServedVersionAsync(_host.ServiceUrl()));
        var open = await _github.PullRequest.GetAllForRepository(Owner, Name,
            new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{Owner}:feature/greeting" });
        Assert.Equal(headSha, Assert.Single(open).Head.Sha);

        _clone.SetVersion("0.2.1");
        var nextSha = _clone.Commit("More feature");
        _clone.Push("feature/greeting");
        await DeploymentOf(Store, nextSha, environment.Id);
        Assert.Equal("0.2.1", await ServedVersionAsync(prUrl));
        Assert.DoesNotContain(Store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId), d => d.Meta.CommitHash == nextSha);

        var closed = await _github.PullRequest.Update(Owner, Name, pullRequest.Number, new PullRequestUpdate { State = ItemState.Closed });

        Assert.Equal(ItemState.Closed, closed.State.Value);
        Assert.Null(Store.GetEnvironment(environment.Id));
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(prUrl + "/api/health"));
        Assert.Equal("0.1.0", await ServedVersionAsync(_host.ServiceUrl()));
        Assert.Empty(await _github.PullRequest.GetAllForRepository(Owner, Name));
    }

    [Fact]
    public async Task Merging_a_pull_request_deletes_its_environment_and_deploys_the_merge_to_production()
    {
        _clone.Checkout("feature/merge", create: true);
        _clone.SetVersion("0.3.0");
        var headSha = _clone.Commit("Merge me");
        _clone.Push("feature/merge");
        var pullRequest = await _github.PullRequest.Create(Owner, Name, new NewPullRequest("Merge me", "feature/merge", "main"));
        var environment = Store.GetEnvironments(EngineTestStore.ProjectId).Single(e => e.IsEphemeral);
        await DeploymentOf(Store, headSha, environment.Id);

        var merge = await _github.PullRequest.Merge(Owner, Name, pullRequest.Number, new MergePullRequest());
        var production = await DeploymentOf(Store, merge.Sha);

        Assert.True(merge.Merged);
        Assert.Null(Store.GetEnvironment(environment.Id));
        Assert.Equal(DeployStatus.SUCCESS, production.Status);
        Assert.Equal("0.3.0", await ServedVersionAsync(_host.ServiceUrl()));
        Assert.True((await _github.PullRequest.Get(Owner, Name, pullRequest.Number)).Merged);
    }

    [Fact]
    public async Task A_pull_request_from_a_missing_branch_is_refused()
    {
        var error = await Assert.ThrowsAsync<ApiValidationException>(() =>
            _github.PullRequest.Create(Owner, Name, new NewPullRequest("Nothing", "no-such-branch", "main")));

        Assert.Contains("no-such-branch", error.Message);
        Assert.DoesNotContain(Store.GetEnvironments(EngineTestStore.ProjectId), e => e.IsEphemeral);
    }
}
