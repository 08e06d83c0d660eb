using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RailwayOps.Emulator.Contracts;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>variables and variablesForServiceDeployment render ${{...}} references; unrendered: true
/// returns them as written. The recording engine gives every service the domain 127.0.0.1:1.</summary>
public sealed class GraphVariableReferenceTests : IAsyncLifetime
{
    private const string Reference = "https://${{worker.RAILWAY_PUBLIC_DOMAIN}}/${{ shared.API_VERSION }}?q=${{worker.QUEUE}}&g=${{GREETING}}";
    private const string Rendered = "https://127.0.0.1:1/v2?q=default&g=hello";

    private readonly RecordingEngine _engine = new();
    private TestEmulator _emulator = null!;
    private DemoIds _ids = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(overrideServices: services => services.AddSingleton<IDeploymentEngine>(_engine));
        _ids = await DemoIds.ReadAsync(_emulator.Account);
        await UpsertAsync(null, new() { ["API_VERSION"] = "v2" });
        await UpsertAsync(_ids.WebId, new() { ["UPSTREAM"] = Reference });
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private Task UpsertAsync(string? serviceId, Dictionary<string, string> variables) =>
        _emulator.Account.DataAsync(
            "mutation($input: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $input) }",
            new { input = new { projectId = _ids.ProjectId, environmentId = _ids.ProductionId, serviceId, variables, skipDeploys = true } });

    private async Task<Dictionary<string, string>> VariablesAsync(string? serviceId, bool? unrendered)
    {
        var data = await _emulator.Account.DataAsync(
            "query($e: String!, $p: String!, $s: String, $u: Boolean) { variables(environmentId: $e, projectId: $p, serviceId: $s, unrendered: $u) }",
            new { e = _ids.ProductionId, p = _ids.ProjectId, s = serviceId, u = unrendered });
        return ToDictionary(data.GetProperty("variables"));
    }

    private static Dictionary<string, string> ToDictionary(JsonElement json) =>
        json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    [Fact]
    public async Task Variables_renders_references_by_default_and_when_unrendered_is_false()
    {
        Assert.Equal(Rendered, (await VariablesAsync(_ids.WebId, unrendered: null))["UPSTREAM"]);
        Assert.Equal(Rendered, (await VariablesAsync(_ids.WebId, unrendered: false))["UPSTREAM"]);
    }

    [Fact]
    public async Task Variables_with_unrendered_true_returns_the_value_as_written()
    {
        var variables = await VariablesAsync(_ids.WebId, unrendered: true);

        Assert.Equal(Reference, variables["UPSTREAM"]);
        Assert.Equal("hello", variables["GREETING"]);
    }

    [Fact]
    public async Task Shared_variables_are_rendered_in_the_shared_scope()
    {
        await UpsertAsync(null, new() { ["BASE"] = "api/${{API_VERSION}}", ["MISSING"] = "[${{shared.NOPE}}]" });

        var rendered = await VariablesAsync(null, unrendered: null);
        var unrendered = await VariablesAsync(null, unrendered: true);

        Assert.Equal("api/v2", rendered["BASE"]);
        Assert.Equal("[]", rendered["MISSING"]);
        Assert.Equal("api/${{API_VERSION}}", unrendered["BASE"]);
    }

    [Fact]
    public async Task Service_deployment_variables_are_rendered()
    {
        var data = await _emulator.Account.DataAsync(
            "query($e: String!, $p: String!, $s: String!) { variablesForServiceDeployment(environmentId: $e, projectId: $p, serviceId: $s) }",
            new { e = _ids.ProductionId, p = _ids.ProjectId, s = _ids.WebId });
        var variables = ToDictionary(data.GetProperty("variablesForServiceDeployment"));

        Assert.Equal(Rendered, variables["UPSTREAM"]);
        Assert.Equal("v2", variables["API_VERSION"]);
        Assert.Equal("web.railway.internal", variables["RAILWAY_PRIVATE_DOMAIN"]);
    }
}
