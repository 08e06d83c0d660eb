using System.Net.Http.Json;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>kill -9 then a restart on the same state folder loses nothing.</summary>
public sealed class DurabilityTests : IDisposable
{
    private const string Canary = "canary-value-7f3e2d";
    private readonly string _stateDirectory = TestEmulator.NewStateDirectory();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        TestEmulator.DeleteFolder(_stateDirectory);
    }

    private GraphQLTestClient Account(EmulatorProcess emulator) => new(_http, emulator.GraphqlUrl, bearer: TestEmulator.AccountToken);

    [Fact]
    public async Task KilledEmulatorComesBackWithEveryVariableStatusAndDeployment()
    {
        DemoIds ids;
        string forcedDeployment;
        int deploymentCount;
        using (var first = await EmulatorProcess.StartAsync("--port", "0", "--state", _stateDirectory))
        {
            Assert.Equal(_stateDirectory, first.Ready.GetProperty("stateDirectory").GetString());
            Assert.True(File.Exists(Path.Combine(_stateDirectory, "emulator.json")));
            ids = await DemoIds.ReadAsync(Account(first));
            await Account(first).DataAsync(
                "mutation($input: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $input) }",
                new { input = new { projectId = ids.ProjectId, environmentId = ids.StagingId, serviceId = ids.WebId, skipDeploys = true,
                    variables = new Dictionary<string, string> { ["SURVIVES"] = Canary, ["ALSO"] = "yes" } } });
            (forcedDeployment, deploymentCount) = await LatestAndCountAsync(first, ids);
            using (var forced = await _http.PostAsJsonAsync(new Uri(first.AdminUrl, $"deployments/{forcedDeployment}/status"), new { status = "CRASHED" }))
                forced.EnsureSuccessStatusCode();
            first.KillHard();
        }

        using var second = await EmulatorProcess.StartAsync("--port", "0", "--state", _stateDirectory);
        var variables = await Account(second).DataAsync(
            "query($e: String!, $p: String!, $s: String) { variables(environmentId: $e, projectId: $p, serviceId: $s) }",
            new { e = ids.StagingId, p = ids.ProjectId, s = ids.WebId });
        Assert.Equal(Canary, variables.GetProperty("variables").GetProperty("SURVIVES").GetString());
        Assert.Equal("yes", variables.GetProperty("variables").GetProperty("ALSO").GetString());
        var (latest, count) = await LatestAndCountAsync(second, ids);
        Assert.Equal(forcedDeployment, latest);
        Assert.True(count >= deploymentCount);
        var status = await Account(second).DataAsync("query($id: String!) { deployment(id: $id) { status } }", new { id = forcedDeployment });
        Assert.Equal("CRASHED", status.GetProperty("deployment").GetProperty("status").GetString());

        foreach (var file in Directory.EnumerateFiles(_stateDirectory, "*.json*", SearchOption.TopDirectoryOnly))
            Assert.DoesNotContain(Canary, await File.ReadAllTextAsync(file));

        using (var shutdown = await _http.PostAsync(new Uri(second.AdminUrl, "shutdown"), null))
            shutdown.EnsureSuccessStatusCode();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await second.WaitForExitAsync(guard.Token);
    }

    private async Task<(string Latest, int Count)> LatestAndCountAsync(EmulatorProcess emulator, DemoIds ids)
    {
        var data = await Account(emulator).DataAsync(
            "query($e: String!) { deployments(input: { environmentId: $e }) { edges { node { id } } } }", new { e = ids.StagingId });
        var edges = data.GetProperty("deployments").GetProperty("edges");
        return (edges[0].GetProperty("node").GetProperty("id").GetString()!, edges.GetArrayLength());
    }
}
