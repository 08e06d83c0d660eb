using System.Text.Json;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>The demo seed as the module's read cmdlets see it.</summary>
public sealed class GraphReadTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private DemoIds _ids = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _ids = await DemoIds.ReadAsync(_emulator.Account);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task<List<JsonElement>> DeploymentsAsync(string environmentId, params string[] statuses)
    {
        var data = await _emulator.Account.DataAsync(
            "query($input: DeploymentListInput!) { deployments(input: $input) { edges { node { id status meta } } } }",
            new { input = new { environmentId, serviceId = _ids.WebId, status = statuses.Length == 0 ? null : new { @in = statuses } } });
        return data.GetProperty("deployments").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
    }

    [Fact]
    public async Task DemoSeedHasExactlyTwoFailedDeploymentsPerEnvironmentAndOneLive()
    {
        foreach (var environmentId in new[] { _ids.ProductionId, _ids.StagingId })
        {
            var all = await DeploymentsAsync(environmentId);
            Assert.Equal(2, all.Count(d => d.GetProperty("status").GetString() == "FAILED"));
            Assert.Equal(2, (await DeploymentsAsync(environmentId, "FAILED")).Count);
            Assert.Equal("SUCCESS", all[0].GetProperty("status").GetString());
            Assert.Contains(all, d => d.GetProperty("status").GetString() == "CRASHED");
            Assert.Contains(all, d => d.GetProperty("status").GetString() == "SKIPPED");
        }
    }

    [Fact]
    public async Task LogsReturnTheNewestLinesUpToLimitInChronologicalOrder()
    {
        var failed = (await DeploymentsAsync(_ids.ProductionId, "FAILED")).Last();
        const string query = "query($id: String!, $limit: Int, $filter: String) { buildLogs(deploymentId: $id, limit: $limit, filter: $filter) { timestamp message severity attributes { key value } tags { deploymentId } } }";
        var all = (await _emulator.Account.DataAsync(query, new { id = failed.GetProperty("id").GetString() }))
            .GetProperty("buildLogs").EnumerateArray().ToList();
        Assert.True(all.Count > 3);
        var tail = (await _emulator.Account.DataAsync(query, new { id = failed.GetProperty("id").GetString(), limit = 3 }))
            .GetProperty("buildLogs").EnumerateArray().ToList();
        Assert.Equal(all.TakeLast(3).Select(l => l.GetProperty("message").GetString()), tail.Select(l => l.GetProperty("message").GetString()));
        Assert.Equal(failed.GetProperty("id").GetString(), tail[0].GetProperty("tags").GetProperty("deploymentId").GetString());

        var errors = (await _emulator.Account.DataAsync(query, new { id = failed.GetProperty("id").GetString(), filter = "@level:error" }))
            .GetProperty("buildLogs").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.True(errors.Count < all.Count);
        Assert.All(errors, l => Assert.Equal("error", l.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task ServiceInstanceCarriesSettingsSourceAndLatestDeployment()
    {
        var data = await _emulator.Account.DataAsync("""
            query($e: String!, $s: String!) { serviceInstance(environmentId: $e, serviceId: $s) {
              serviceName startCommand healthcheckPath healthcheckTimeout restartPolicyType restartPolicyMaxRetries
              source { repo } latestDeployment { status } activeDeployments { status } domains { customDomains { domain } } } }
            """, new { e = _ids.ProductionId, s = _ids.WebId });
        var instance = data.GetProperty("serviceInstance");
        Assert.Equal("python3 -m app.main", instance.GetProperty("startCommand").GetString());
        Assert.Equal("/api/health", instance.GetProperty("healthcheckPath").GetString());
        Assert.Equal(100, instance.GetProperty("healthcheckTimeout").GetInt32());
        Assert.Equal("ON_FAILURE", instance.GetProperty("restartPolicyType").GetString());
        Assert.Equal(10, instance.GetProperty("restartPolicyMaxRetries").GetInt32());
        Assert.Equal("railwayops/hello-railway", instance.GetProperty("source").GetProperty("repo").GetString());
        Assert.Equal("SUCCESS", instance.GetProperty("latestDeployment").GetProperty("status").GetString());
        Assert.Equal(0, instance.GetProperty("domains").GetProperty("customDomains").GetArrayLength());
    }

    [Fact]
    public async Task ForcedStatusShowsInTheApiAndUnknownStatusIsRefused()
    {
        var latest = (await DeploymentsAsync(_ids.StagingId))[0].GetProperty("id").GetString()!;
        using (var forced = await _emulator.AdminPostAsync($"deployments/{latest}/status", new { status = "CRASHED" }))
            forced.EnsureSuccessStatusCode();
        var data = await _emulator.Account.DataAsync("query($id: String!) { deployment(id: $id) { status statusUpdatedAt } }", new { id = latest });
        Assert.Equal("CRASHED", data.GetProperty("deployment").GetProperty("status").GetString());
        using var refused = await _emulator.AdminPostAsync($"deployments/{latest}/status", new { status = "EXPLODED" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        using var unknown = await _emulator.AdminPostAsync("deployments/nope/status", new { status = "SUCCESS" });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
