using System.Net.Sockets;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

public sealed class ProxyTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private EngineTestHost _host = null!;
    private SampleClone _clone = null!;

    public async Task InitializeAsync()
    {
        _host = await EngineTestHost.StartAsync(new EngineTestStore("railwayops/hello-railway"), _state.Path);
        _host.Engine.SyncRepositories();
        _clone = SampleClone.Create(_host.BareRepositoryPath);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _clone.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task Without_a_live_deployment_the_service_url_answers_503()
    {
        var (status, body) = await GetAsync(_host.ServiceUrl() + "/api/health");

        Assert.Equal(503, status);
        Assert.Contains("Application not found", body);
    }

    [Fact]
    public void The_port_is_kept_in_the_state_and_reused()
    {
        var domain = _host.Engine.ServiceDomain(EngineTestStore.ProductionId, EngineTestStore.ServiceId)!;

        var persisted = _host.Store.GetServiceInstance(EngineTestStore.ProductionId, EngineTestStore.ServiceId)!.ProxyPort;

        Assert.Equal($"127.0.0.1:{persisted}", domain);
        Assert.Equal(domain, _host.Engine.ServiceDomain(EngineTestStore.ProductionId, EngineTestStore.ServiceId));
    }

    [Fact]
    public async Task Switching_to_a_new_deployment_never_drops_a_request()
    {
        _clone.Push();
        await DeploymentOf(_host.Store, _clone.Head());
        var url = _host.ServiceUrl() + "/api/health";
        using var stop = new CancellationTokenSource();
        var responses = new System.Collections.Concurrent.ConcurrentQueue<(int Status, string Body)>();
        var probing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                responses.Enqueue(await GetAsync(url));
            }
        });

        _clone.SetVersion("0.5.0");
        var next = _clone.Commit("Switch over");
        _clone.Push();
        await DeploymentOf(_host.Store, next);
        await Until(() => responses.Any(r => r.Body.Contains("0.5.0")) ? "" : null, "the new version to be served");
        await stop.CancelAsync();
        await probing;
        var observed = responses.ToList();

        Assert.All(observed, response => Assert.Equal(200, response.Status));
        var firstNew = observed.FindIndex(r => r.Body.Contains("0.5.0"));
        Assert.True(firstNew > 0, "requests were made before the switch");
        Assert.All(observed.Skip(firstNew), response => Assert.Contains("0.5.0", response.Body));
    }

    [Fact]
    public async Task The_proxy_splices_plain_http_keep_alive_connections()
    {
        _clone.Push();
        await DeploymentOf(_host.Store, _clone.Head());
        var port = int.Parse(_host.Engine.ServiceDomain(EngineTestStore.ProductionId, EngineTestStore.ServiceId)!.Split(':')[1]);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var reader = new StreamReader(stream);

        for (var i = 0; i < 2; i++)
        {
            await stream.WriteAsync("GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n"u8.ToArray());
            Assert.Equal("HTTP/1.0 200 OK", (await reader.ReadLineAsync())!.Replace("HTTP/1.1", "HTTP/1.0"));
            var length = 0;
            while (await reader.ReadLineAsync() is { Length: > 0 } header)
            {
                if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(header["Content-Length:".Length..].Trim());
                }
            }
            var body = new char[length];
            await reader.ReadBlockAsync(body);
            Assert.Contains("\"healthy\"", new string(body));
        }
    }
}
