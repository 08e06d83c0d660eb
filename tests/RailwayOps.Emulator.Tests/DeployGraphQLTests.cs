using System.Text.Json;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>The whole emulator (GraphQL, state, engine) on the demo seed, driven as RailwayOps drives it.</summary>
public sealed class DeployGraphQLTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private DemoIds _ids = null!;
    private SampleClone _clone = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _ids = await DemoIds.ReadAsync(_emulator.Account);
        var repos = await _emulator.AdminGetAsync("repos");
        var repo = repos.EnumerateArray().Single(r => r.GetProperty("repo").GetString() == "railwayops/hello-railway");
        _clone = SampleClone.Create(repo.GetProperty("path").GetString()!);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _clone.Dispose();
    }

    [Fact]
    public async Task A_push_a_bulk_variable_upsert_and_a_rollback_through_graphql()
    {
        _clone.Push();
        var first = await FinishedDeploymentAsync(_clone.Head(), 0);
        var staticUrl = "http://" + first.GetProperty("staticUrl").GetString();
        Assert.Equal("SUCCESS", first.GetProperty("status").GetString());
        Assert.Equal(_clone.Head(), first.GetProperty("meta").GetProperty("commitHash").GetString());
        Assert.Equal("0.1.0", await ServedVersionAsync(staticUrl));

        var variables = Enumerable.Range(1, 20).ToDictionary(i => $"BULK_{i}", i => $"value {i}");
        await _emulator.Account.DataAsync(
            "mutation($input: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $input) }",
            new { input = new { projectId = _ids.ProjectId, environmentId = _ids.ProductionId, serviceId = _ids.WebId, variables } });
        var redeploy = await FinishedDeploymentAsync(_clone.Head(), 1);
        Assert.Equal("SUCCESS", redeploy.GetProperty("status").GetString());
        Assert.Equal(2, (await DeploymentsOfAsync(_clone.Head())).Count);

        _clone.SetVersion("0.1.1");
        var second = _clone.Commit("v0.1.1");
        _clone.Push();
        await FinishedDeploymentAsync(second, 0);
        Assert.Equal("0.1.1", await ServedVersionAsync(staticUrl));
        var rollbackTarget = (await DeploymentsOfAsync(_clone.Head()))[0];
        Assert.False(rollbackTarget.GetProperty("canRollback").GetBoolean());
        var previous = (await DeploymentsOfAsync(redeploy.GetProperty("meta").GetProperty("commitHash").GetString()!))[0];
        Assert.True(previous.GetProperty("canRollback").GetBoolean());

        await _emulator.Account.DataAsync("mutation($id: String!) { deploymentRollback(id: $id) }",
            new { id = previous.GetProperty("id").GetString() });
        var rolledBack = await FinishedDeploymentAsync(previous.GetProperty("meta").GetProperty("commitHash").GetString()!, 2);

        Assert.Equal("SUCCESS", rolledBack.GetProperty("status").GetString());
        Assert.Equal("0.1.0", await ServedVersionAsync(staticUrl));
    }

    /// <summary>Deployments of a commit, newest first.</summary>
    private async Task<List<JsonElement>> DeploymentsOfAsync(string sha)
    {
        var data = await _emulator.Account.DataAsync(
            "query($input: DeploymentListInput!) { deployments(input: $input, first: 50) { edges { node { id status staticUrl canRollback meta } } } }",
            new { input = new { projectId = _ids.ProjectId, environmentId = _ids.ProductionId, serviceId = _ids.WebId } });
        return data.GetProperty("deployments").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node"))
            .Where(n => n.GetProperty("meta").ValueKind == JsonValueKind.Object
                && n.GetProperty("meta").TryGetProperty("commitHash", out var hash) && hash.GetString() == sha)
            .ToList();
    }

    /// <summary>The <paramref name="index"/>-th deployment of a commit (oldest first), once finished.</summary>
    private async Task<JsonElement> FinishedDeploymentAsync(string sha, int index)
    {
        var text = await UntilAsync(async () =>
        {
            var deployments = await DeploymentsOfAsync(sha);
            deployments.Reverse();
            return deployments.Count > index && deployments[index].GetProperty("status").GetString()
                is "SUCCESS" or "FAILED" or "CRASHED" or "REMOVED" or "SKIPPED"
                ? deployments[index].GetRawText()
                : null;
        }, $"deployment {index} of {sha[..7]} to finish");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
