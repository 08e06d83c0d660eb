using Octokit;
using RailwayOps.Emulator.Contracts;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>What the emulator reports to GitHub, read the way RailwayOps reads it: through Octokit.</summary>
public sealed class GitHubApiTests : IAsyncLifetime
{
    private const string Owner = "railwayops";
    private const string Name = "hello-railway";
    private readonly TempFolder _state = new();
    private EngineTestHost _host = null!;
    private SampleClone _clone = null!;
    private GitHubClient _github = null!;

    public async Task InitializeAsync()
    {
        _host = await EngineTestHost.StartAsync(new EngineTestStore($"{Owner}/{Name}"), _state.Path);
        _host.Engine.SyncRepositories();
        _clone = SampleClone.Create(_host.BareRepositoryPath);
        _github = Client(EngineTestStore.GitHubToken);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _clone.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task A_successful_deployment_shows_as_a_railway_commit_status_and_a_github_deployment_by_the_railway_bot()
    {
        _clone.Push();
        var sha = _clone.Head();
        await DeploymentOf(_host.Store, sha);
        var serviceUrl = _host.ServiceUrl();

        var combined = await _github.Repository.Status.GetCombined(Owner, Name, sha);
        var all = await _github.Repository.Status.GetAll(Owner, Name, "main");
        var deployment = Assert.Single(await _github.Repository.Deployment.GetAll(Owner, Name), d => d.Sha == sha);
        var statuses = await _github.Repository.Deployment.Status.GetAll(Owner, Name, deployment.Id);

        Assert.Equal(CommitState.Success, combined.State.Value);
        var status = Assert.Single(combined.Statuses);
        Assert.Equal("railway/web (production)", status.Context);
        Assert.Equal(serviceUrl, status.TargetUrl);
        Assert.Equal([CommitState.Success, CommitState.Pending], all.Select(s => s.State.Value));
        Assert.Equal("railway-app[bot]", deployment.Creator.Login);
        Assert.Equal("demo / production", (await RawDeploymentEnvironment(deployment.Id)));
        Assert.Equal(EngineTestStore.ServiceId, deployment.Payload["serviceId"]);
        Assert.Equal([DeploymentState.Success, DeploymentState.InProgress], statuses.Select(s => s.State.Value));
        Assert.Equal(serviceUrl, statuses[0].EnvironmentUrl);
    }

    [Fact]
    public async Task A_failed_health_check_is_an_error_commit_status_and_a_failed_github_deployment()
    {
        _clone.EditRailwayToml(toml => toml.Replace("healthcheckPath = \"/api/health\"", "healthcheckPath = \"/missing\"")
            .Replace("healthcheckTimeout = 30", "healthcheckTimeout = 2"));
        var sha = _clone.Commit("Point the health check at nothing");
        _clone.Push();
        await DeploymentOf(_host.Store, sha);

        var combined = await _github.Repository.Status.GetCombined(Owner, Name, sha);
        var deployment = Assert.Single(await _github.Repository.Deployment.GetAll(Owner, Name), d => d.Sha == sha);
        var statuses = await _github.Repository.Deployment.Status.GetAll(Owner, Name, deployment.Id);

        Assert.Equal(CommitState.Failure, combined.State.Value);
        Assert.Equal(CommitState.Error, Assert.Single(combined.Statuses).State.Value);
        Assert.Equal(DeploymentState.Failure, statuses[0].State.Value);
    }

    [Fact]
    public async Task Statuses_and_deployments_posted_through_octokit_are_read_back()
    {
        _clone.Push();
        var sha = _clone.Head();

        await _github.Repository.Status.Create(Owner, Name, sha,
            new NewCommitStatus { State = CommitState.Success, Context = "ci/tests", Description = "green", TargetUrl = "http://ci/1" });
        var created = await _github.Repository.Deployment.Create(Owner, Name, new NewDeployment("main") { Environment = "qa", Description = "qa deploy" });
        await _github.Repository.Deployment.Status.Create(Owner, Name, created.Id,
            new NewDeploymentStatus(DeploymentState.Success) { EnvironmentUrl = "http://qa" });

        var statuses = await _github.Repository.Status.GetAll(Owner, Name, sha);
        var qa = (await _github.Repository.Deployment.GetAll(Owner, Name)).Where(d => d.Description == "qa deploy");
        var repository = await _github.Repository.Get(Owner, Name);

        Assert.Contains(statuses, s => s.Context == "ci/tests" && s.Description == "green");
        Assert.Equal(sha, Assert.Single(qa).Sha);
        Assert.Equal("http://qa", Assert.Single(await _github.Repository.Deployment.Status.GetAll(Owner, Name, created.Id)).EnvironmentUrl);
        Assert.Equal("main", repository.DefaultBranch);
    }

    [Fact]
    public async Task A_bad_token_is_refused_and_an_unknown_repository_is_not_found()
    {
        await Assert.ThrowsAsync<AuthorizationException>(() => Client("wrong-token").Repository.Get(Owner, Name));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _github.Repository.Get(Owner, "no-such-repo"));

        Assert.Equal("Not Found", missing.Message);
    }

    private GitHubClient Client(string token) =>
        new(new ProductHeaderValue("railwayops-tests"), _host.BaseAddress) { Credentials = new Credentials(token) };

    private async Task<string> RawDeploymentEnvironment(long id)
    {
        var response = await _github.Connection.Get<Dictionary<string, object>>(
            new Uri($"repos/{Owner}/{Name}/deployments/{id}", UriKind.Relative), null);
        return response.Body["environment"].ToString()!;
    }
}
