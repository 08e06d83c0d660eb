using System.Net.WebSockets;
using RailwayOps.Emulator.Contracts;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class GraphSubscriptionTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private DemoIds _ids = null!;
    private string _deploymentId = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        _ids = await DemoIds.ReadAsync(_emulator.Account);
        var data = await _emulator.Account.DataAsync(
            "query($e: String!, $s: String!) { serviceInstance(environmentId: $e, serviceId: $s) { latestDeployment { id } } }",
            new { e = _ids.StagingId, s = _ids.WebId });
        _deploymentId = data.GetProperty("serviceInstance").GetProperty("latestDeployment").GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task<SubscriptionTestClient> SubscribedAsync(string query, object variables)
    {
        var client = await SubscriptionTestClient.ConnectAsync(_emulator.Host.GraphqlUrl, bearer: TestEmulator.AccountToken);
        await client.InitAsync();
        await client.SendAsync(new { id = "1", type = "subscribe", payload = new { query, variables } });
        return client;
    }

    [Fact]
    public async Task DeploymentSubscriptionSendsTheCurrentStatusThenEachChange()
    {
        using var client = await SubscribedAsync("subscription($id: String!) { deployment(id: $id) { id status deploymentStopped } }",
            new { id = _deploymentId });
        var current = await client.ReceiveOfTypeAsync("next");
        Assert.Equal("1", current.GetProperty("id").GetString());
        Assert.Equal("SUCCESS", current.GetProperty("payload").GetProperty("data").GetProperty("deployment").GetProperty("status").GetString());

        using (var forced = await _emulator.AdminPostAsync($"deployments/{_deploymentId}/status", new { status = "CRASHED" }))
            forced.EnsureSuccessStatusCode();
        var changed = await client.ReceiveOfTypeAsync("next");
        Assert.Equal("CRASHED", changed.GetProperty("payload").GetProperty("data").GetProperty("deployment").GetProperty("status").GetString());
    }

    [Fact]
    public async Task LogSubscriptionSendsTheBacklogThenNewLinesAsBatches()
    {
        using var client = await SubscribedAsync(
            "subscription($id: String!) { deploymentLogs(deploymentId: $id, limit: 2) { message severity } }", new { id = _deploymentId });
        var backlog = (await client.ReceiveOfTypeAsync("next")).GetProperty("payload").GetProperty("data").GetProperty("deploymentLogs");
        Assert.Equal(2, backlog.GetArrayLength());

        _emulator.Host.Store.AppendLog(_deploymentId, LogKind.Deploy, new LogRecord(DateTimeOffset.UtcNow, "a brand new line", "info"));
        var batch = (await client.ReceiveOfTypeAsync("next")).GetProperty("payload").GetProperty("data").GetProperty("deploymentLogs");
        Assert.Equal("a brand new line", Assert.Single(batch.EnumerateArray()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task SeveralSubscriptionsShareOneSocketEachUnderItsOwnId()
    {
        const string query = "subscription($id: String!) { deployment(id: $id) { id status } }";
        using var client = await SubscribedAsync(query, new { id = _deploymentId });
        await client.SendAsync(new { id = "2", type = "subscribe", payload = new { query, variables = new { id = _deploymentId } } });
        var firsts = new[] { await client.ReceiveOfTypeAsync("next"), await client.ReceiveOfTypeAsync("next") };
        Assert.Equal(new[] { "1", "2" }, firsts.Select(message => message.GetProperty("id").GetString()).Order());

        // Completing one id ends only that subscription: the change reaches the other one alone.
        await client.SendAsync(new { id = "1", type = "complete" });
        await client.SendAsync(new { type = "ping" });
        await client.ReceiveOfTypeAsync("pong");
        using (var forced = await _emulator.AdminPostAsync($"deployments/{_deploymentId}/status", new { status = "CRASHED" }))
            forced.EnsureSuccessStatusCode();
        var changed = await client.ReceiveOfTypeAsync("next");
        Assert.Equal("2", changed.GetProperty("id").GetString());
        Assert.Equal("CRASHED", changed.GetProperty("payload").GetProperty("data").GetProperty("deployment").GetProperty("status").GetString());

        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync())?.GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnknownDeploymentIsAnErrorMessage()
    {
        using var client = await SubscribedAsync("subscription { deployment(id: \"nope\") { id } }", new { });
        var error = await client.ReceiveOfTypeAsync("error");
        Assert.Equal("Deployment not found", error.GetProperty("payload")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task PingIsAnsweredWithPong()
    {
        using var client = await SubscriptionTestClient.ConnectAsync(_emulator.Host.GraphqlUrl, bearer: TestEmulator.AccountToken);
        await client.InitAsync();
        await client.SendAsync(new { type = "ping" });
        await client.ReceiveOfTypeAsync("pong");
    }

    [Fact]
    public async Task WithoutAValidTokenTheConnectionIsClosedAsForbidden()
    {
        using var client = await SubscriptionTestClient.ConnectAsync(_emulator.Host.GraphqlUrl, bearer: "wrong");
        await client.SendAsync(new { type = "connection_init" });
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(4403, (int?)client.Socket.CloseStatus);
    }

    [Fact]
    public async Task DropWebSocketFaultCutsOpenSocketsWithoutAClosingHandshake()
    {
        using var client = await SubscribedAsync("subscription($id: String!) { deployment(id: $id) { status } }", new { id = _deploymentId });
        await client.ReceiveOfTypeAsync("next");
        using (var drop = await _emulator.AdminPostAsync("faults", new { kind = "dropWebSocket" }))
            drop.EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<WebSocketException>(client.ReceiveAsync);
    }
}
