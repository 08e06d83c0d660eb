using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Proxy;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>serviceInstanceUpdate and environmentPatchCommit against a recording engine: validated before anything
/// changes, the replica count handed to the engine to scale.</summary>
public sealed class GraphServiceSettingsTests : IAsyncLifetime
{
    private const string Settings = "query($e: String!, $s: String!) { serviceInstance(environmentId: $e, serviceId: $s) { numReplicas region healthcheckTimeout restartPolicyType } }";
    private const string Patch = "mutation($e: String!, $p: EnvironmentConfig) { environmentPatchCommit(environmentId: $e, patch: $p) }";
    private readonly RecordingEngine _engine = new();
    private TestEmulator _emulator = null!;
    private DemoIds _ids = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(overrideServices: services => services.AddSingleton<IDeploymentEngine>(_engine));
        _ids = await DemoIds.ReadAsync(_emulator.Account);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task<System.Text.Json.JsonElement> InstanceAsync() =>
        (await _emulator.Account.DataAsync(Settings, new { e = _ids.ProductionId, s = _ids.WebId })).GetProperty("serviceInstance");

    [Fact]
    public async Task The_cli_scale_patch_sets_the_replicas_and_asks_the_engine_to_scale()
    {
        var patch = new Dictionary<string, object> { ["services"] = new Dictionary<string, object> { [_ids.WebId] = new { deploy = new { multiRegionConfig = new Dictionary<string, object?> { ["europe-west4"] = new { numReplicas = 2 }, ["us-west2"] = null } } } } };

        var data = await _emulator.Account.DataAsync(Patch, new { e = _ids.ProductionId, p = patch });

        Assert.False(string.IsNullOrEmpty(data.GetProperty("environmentPatchCommit").GetString()));
        var instance = await InstanceAsync();
        Assert.Equal(2, instance.GetProperty("numReplicas").GetInt32());
        Assert.Equal("europe-west4", instance.GetProperty("region").GetString());
        Assert.Equal([$"Scale {_ids.ProductionId} {_ids.WebId}"], _engine.Calls);
    }

    [Fact]
    public async Task An_update_that_leaves_the_replicas_alone_does_not_scale()
    {
        await _emulator.Account.DataAsync("mutation($e: String, $s: String!, $i: ServiceInstanceUpdateInput!) { serviceInstanceUpdate(environmentId: $e, serviceId: $s, input: $i) }",
            new { e = _ids.ProductionId, s = _ids.WebId, i = new { healthcheckTimeout = 30, restartPolicyType = "NEVER" } });

        var instance = await InstanceAsync();
        Assert.Equal(30, instance.GetProperty("healthcheckTimeout").GetInt32());
        Assert.Equal("NEVER", instance.GetProperty("restartPolicyType").GetString());
        Assert.Empty(_engine.Calls);
    }

    [Theory]
    [InlineData("""{"variables":{"A":"1"}}""", "does not support 'variables'")]
    [InlineData("""{"services":{"WEB":{"deploy":{"numReplicas":0}}}}""", "must be at least 1")]
    [InlineData("""{"services":{"WEB":{"deploy":{"numReplicas":11}}}}""", "at most 10 replicas")]
    [InlineData("""{"services":{"WEB":{"deploy":{"healthcheckTimeout":5,"restartPolicyType":"SOMETIMES"}}}}""", "must be one of")]
    [InlineData("""{"services":{"WEB":{"deploy":{"preDeployCommand":["x"]}}}}""", "does not model the setting 'preDeployCommand'")]
    public async Task A_patch_the_emulator_cannot_apply_is_refused_and_changes_nothing(string patchJson, string message)
    {
        var before = (await InstanceAsync()).GetRawText();
        var patch = System.Text.Json.JsonDocument.Parse(patchJson.Replace("WEB", _ids.WebId, StringComparison.Ordinal)).RootElement;

        var response = await _emulator.Account.SendAsync(Patch, new { e = _ids.ProductionId, p = patch });

        Assert.Contains(message, response.FirstError);
        Assert.Equal(before, (await InstanceAsync()).GetRawText());
        Assert.Empty(_engine.Calls);
    }
}

public sealed class ProxyRotationTests
{
    [Fact]
    public async Task Connections_go_round_robin_and_skip_a_replica_that_refuses()
    {
        using var one = Listen("one");
        using var two = Listen("two");
        var deadPort = FreePort();
        await using var proxy = ServiceProxy.Start(null);
        proxy.SetTargets([one.Port, deadPort, two.Port]);

        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await AskAsync(proxy.Port));
        }

        Assert.Equal(6, answers.Count(a => a is "one" or "two"));
        Assert.Contains("one", answers);
        Assert.Contains("two", answers);
        Assert.True(proxy.BytesReceived > 0);
        Assert.True(proxy.BytesSent >= 6 * 3);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> AskAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("hi\n"));
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Trim();
    }

    private static Responder Listen(string name) => new(name);

    private sealed class Responder : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public Responder(string name)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                    catch (Exception) { return; }
                    using (client)
                    {
                        var bytes = Encoding.ASCII.GetBytes(name);
                        await client.GetStream().WriteAsync(bytes);
                        client.Client.Shutdown(SocketShutdown.Send);
                    }
                }
            });
        }

        public int Port { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
