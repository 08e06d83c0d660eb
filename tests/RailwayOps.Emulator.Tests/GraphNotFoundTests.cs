using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class GraphNotFoundTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("{ project(id: \"00000000-0000-0000-0000-000000000000\") { id } }", "Project not found")]
    [InlineData("{ deployment(id: \"00000000-0000-0000-0000-000000000000\") { id } }", "Deployment not found")]
    [InlineData("{ environment(id: \"00000000-0000-0000-0000-000000000000\") { id } }", "Environment not found")]
    [InlineData("{ service(id: \"00000000-0000-0000-0000-000000000000\") { id } }", "Service not found")]
    [InlineData("{ buildLogs(deploymentId: \"nope\") { message } }", "Deployment not found")]
    [InlineData("{ deployments(input: { projectId: \"nope\" }) { edges { cursor } } }", "Project not found")]
    public async Task UnknownIdsAnswerRailwaysMessageWithNullData(string query, string message)
    {
        var response = await _emulator.Account.SendAsync(query);
        Assert.Equal(message, response.FirstError);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Data.ValueKind);
    }

    [Fact]
    public async Task SchemaViolationsAreGraphQLErrors()
    {
        var response = await _emulator.Account.SendAsync("{ deployment(id: \"x\") { noSuchField } }");
        Assert.Contains("noSuchField", response.FirstError);
    }
}
