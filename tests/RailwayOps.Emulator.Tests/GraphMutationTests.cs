using Microsoft.Extensions.DependencyInjection;
using RailwayOps.Emulator.Contracts;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>Variables and deployment mutations against a recording engine.</summary>
public sealed class GraphMutationTests : IAsyncLifetime
{
    private readonly RecordingEngine _engine = new();
    private TestEmulator _emulator = null!;
    private DemoIds _ids = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(overrideServices: services => services.AddSingleton<IDeploymentEngine>(_engine));
        _ids = await DemoIds.ReadAsync(_emulator.Account);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task<Dictionary<string, string>> VariablesAsync(string? serviceId)
    {
        var data = await _emulator.Account.DataAsync(
            "query($e: String!, $p: String!, $s: String) { variables(environmentId: $e, projectId: $p, serviceId: $s) }",
            new { e = _ids.ProductionId, p = _ids.ProjectId, s = serviceId });
        return data.GetProperty("variables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    [Fact]
    public async Task BulkUpsertSetsEveryVariableAndAsksForOneRedeploy()
    {
        var variables = Enumerable.Range(1, 20).ToDictionary(i => $"BULK_{i}", i => $"value {i}");
        await _emulator.Account.DataAsync(
            "mutation($input: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $input) }",
            new { input = new { projectId = _ids.ProjectId, environmentId = _ids.ProductionId, serviceId = _ids.WebId, variables } });
        var stored = await VariablesAsync(_ids.WebId);
        Assert.All(variables, pair => Assert.Equal(pair.Value, stored[pair.Key]));
        Assert.Equal("hello", stored["GREETING"]);
        Assert.Equal([$"VariablesChanged {_ids.ProductionId} {_ids.WebId}"], _engine.Calls);
    }

    [Fact]
    public async Task ReplaceDropsOtherVariablesAndSkipDeploysAsksForNothing()
    {
        await _emulator.Account.DataAsync(
            "mutation($input: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $input) }",
            new { input = new { projectId = _ids.ProjectId, environmentId = _ids.ProductionId, serviceId = _ids.WebId,
                variables = new Dictionary<string, string> { ["ONLY"] = "1" }, replace = true, skipDeploys = true } });
        Assert.Equal(new Dictionary<string, string> { ["ONLY"] = "1" }, await VariablesAsync(_ids.WebId));
        Assert.Empty(_engine.Calls);
    }

    [Fact]
    public async Task SharedVariableChangeRedeploysEveryServiceOfTheEnvironmentOnce()
    {
        await _emulator.Account.DataAsync(
            "mutation($input: VariableUpsertInput!) { variableUpsert(input: $input) }",
            new { input = new { projectId = _ids.ProjectId, environmentId = _ids.ProductionId, name = "SHARED", value = "x" } });
        Assert.Equal("x", (await VariablesAsync(null))["SHARED"]);
        var expected = string.Join(",", new[] { _ids.WebId, _ids.WorkerId }.Order());
        Assert.Equal([$"VariablesChanged {_ids.ProductionId} {expected}"], _engine.Calls);
    }

    [Fact]
    public async Task DeleteRemovesTheVariableAndUnknownNamesAreNotFound()
    {
        const string delete = "mutation($input: VariableDeleteInput!) { variableDelete(input: $input) }";
        var input = new { projectId = _ids.ProjectId, environmentId = _ids.ProductionId, serviceId = _ids.WebId, name = "GREETING" };
        await _emulator.Account.DataAsync(delete, new { input });
        Assert.DoesNotContain("GREETING", (await VariablesAsync(_ids.WebId)).Keys);
        Assert.Equal("Variable not found", (await _emulator.Account.SendAsync(delete, new { input })).FirstError);
    }

    [Fact]
    public async Task ServiceDeploymentVariablesIncludeSharedServiceAndRailwayOnes()
    {
        var data = await _emulator.Account.DataAsync(
            "query($e: String!, $p: String!, $s: String!) { variablesForServiceDeployment(environmentId: $e, projectId: $p, serviceId: $s) }",
            new { e = _ids.ProductionId, p = _ids.ProjectId, s = _ids.WebId });
        var variables = data.GetProperty("variablesForServiceDeployment");
        Assert.Equal("hello", variables.GetProperty("GREETING").GetString());
        Assert.Equal("info", variables.GetProperty("LOG_LEVEL").GetString());
        Assert.Equal("production", variables.GetProperty("RAILWAY_ENVIRONMENT_NAME").GetString());
        Assert.Equal("web", variables.GetProperty("RAILWAY_SERVICE_NAME").GetString());
    }

    [Fact]
    public async Task ProjectTokenCannotChangeAnotherEnvironmentsVariables()
    {
        var response = await _emulator.Project.SendAsync(
            "mutation($input: VariableUpsertInput!) { variableUpsert(input: $input) }",
            new { input = new { projectId = _ids.ProjectId, environmentId = _ids.StagingId, name = "X", value = "y" } });
        Assert.Equal("Not Authorized", response.FirstError);
        Assert.Empty(_engine.Calls);
    }

    [Fact]
    public async Task DeployV2ReturnsTheEnginesDeploymentIdOrItsError()
    {
        const string deploy = "mutation($e: String!, $s: String!, $c: String) { serviceInstanceDeployV2(environmentId: $e, serviceId: $s, commitSha: $c) }";
        var data = await _emulator.Account.DataAsync(deploy, new { e = _ids.ProductionId, s = _ids.WebId, c = "abc123" });
        Assert.Equal("deployment-from-abc123", data.GetProperty("serviceInstanceDeployV2").GetString());
        var missing = await _emulator.Account.SendAsync(deploy, new { e = _ids.ProductionId, s = _ids.WebId, c = "unknown" });
        Assert.Equal("Commit not found", missing.FirstError);
    }

    [Fact]
    public async Task RollbackIsRefusedUnlessTheEngineAllowsIt()
    {
        var latest = await LatestDeploymentIdAsync();
        const string rollback = "mutation($id: String!) { deploymentRollback(id: $id) }";
        Assert.Equal("Deployment cannot be rolled back", (await _emulator.Account.SendAsync(rollback, new { id = latest })).FirstError);
        _engine.RollbackAllowed = true;
        await _emulator.Account.DataAsync(rollback, new { id = latest });
        Assert.Equal([$"Rollback {latest}"], _engine.Calls);
    }

    [Theory]
    [InlineData("deploymentRestart", "Restart")]
    [InlineData("deploymentCancel", "Cancel")]
    [InlineData("deploymentStop", "Stop")]
    [InlineData("deploymentRemove", "Remove")]
    [InlineData("deploymentApprove", "Approve")]
    public async Task DeploymentMutationsReachTheEngine(string mutation, string call)
    {
        var latest = await LatestDeploymentIdAsync();
        var data = await _emulator.Account.DataAsync($"mutation($id: String!) {{ {mutation}(id: $id) }}", new { id = latest });
        Assert.True(data.GetProperty(mutation).GetBoolean());
        Assert.Equal([$"{call} {latest}"], _engine.Calls);
    }

    private async Task<string> LatestDeploymentIdAsync()
    {
        var data = await _emulator.Account.DataAsync(
            "query($e: String!, $s: String!) { serviceInstance(environmentId: $e, serviceId: $s) { latestDeployment { id } } }",
            new { e = _ids.ProductionId, s = _ids.WebId });
        return data.GetProperty("serviceInstance").GetProperty("latestDeployment").GetProperty("id").GetString()!;
    }
}
