using System.Net;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class GraphAuthTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private DemoIds _ids = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _ids = await DemoIds.ReadAsync(_emulator.Account);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task NoTokenIsNotAuthorizedOverHttp200WithNullData()
    {
        var response = await _emulator.Anonymous.SendAsync("{ projects { edges { node { id } } } }");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Not Authorized", response.FirstError);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Data.ValueKind);
    }

    [Theory]
    [InlineData("Bearer", "wrong-token")]
    [InlineData("Bearer", TestEmulator.ProjectToken)]
    [InlineData("Project", "wrong-token")]
    [InlineData("Project", TestEmulator.AccountToken)]
    public async Task UnknownTokenOrTokenInTheWrongHeaderIsNotAuthorized(string header, string token)
    {
        var client = header == "Bearer"
            ? new GraphQLTestClient(_emulator.Http, _emulator.Host.GraphqlUrl, bearer: token)
            : new GraphQLTestClient(_emulator.Http, _emulator.Host.GraphqlUrl, projectToken: token);
        var response = await client.SendAsync("{ projects { edges { node { id } } } }");
        Assert.Equal("Not Authorized", response.FirstError);
    }

    [Fact]
    public async Task ProjectTokenIntrospectsItsProjectAndEnvironment()
    {
        var data = await _emulator.Project.DataAsync("{ projectToken { projectId environmentId project { name } environment { name } } }");
        var token = data.GetProperty("projectToken");
        Assert.Equal(_ids.ProjectId, token.GetProperty("projectId").GetString());
        Assert.Equal(_ids.ProductionId, token.GetProperty("environmentId").GetString());
        Assert.Equal("production", token.GetProperty("environment").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ProjectTokenSeesOnlyItsEnvironment()
    {
        var environments = await _emulator.Project.DataAsync(
            "query($p: String!) { environments(projectId: $p) { edges { node { name } } } }", new { p = _ids.ProjectId });
        var names = environments.GetProperty("environments").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node").GetProperty("name").GetString()).ToList();
        Assert.Equal(["production"], names);

        var staging = await _emulator.Project.SendAsync("query($id: String!) { environment(id: $id) { name } }", new { id = _ids.StagingId });
        Assert.Equal("Not Authorized", staging.FirstError);

        var stagingDeployments = await _emulator.Project.SendAsync(
            "query($e: String!) { deployments(input: { environmentId: $e }) { edges { node { id } } } }", new { e = _ids.StagingId });
        Assert.Equal("Not Authorized", stagingDeployments.FirstError);
    }

    [Fact]
    public async Task ProjectTokenCannotCallMeAndAccountTokenHasNoProjectToken()
    {
        Assert.Equal("Not Authorized", (await _emulator.Project.SendAsync("{ me { id } }")).FirstError);
        Assert.Equal("Project Token not found", (await _emulator.Account.SendAsync("{ projectToken { id } }")).FirstError);
        var me = await _emulator.Account.DataAsync("{ me { name email } }");
        Assert.Equal("Demo User", me.GetProperty("me").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ProjectTokenDeploymentListIsLimitedToItsEnvironment()
    {
        var data = await _emulator.Project.DataAsync(
            "query($p: String!) { deployments(input: { projectId: $p }) { edges { node { environmentId } } } }", new { p = _ids.ProjectId });
        var environments = data.GetProperty("deployments").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node").GetProperty("environmentId").GetString()).Distinct().ToList();
        Assert.Equal([_ids.ProductionId], environments);
    }
}
