using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace RailwayOps.Core.Tests.Support;

/// <summary>
/// A real graphql-transport-ws server on a loopback port (HttpListener), scripted per test: it records
/// the upgrade request and every client message, and runs <c>script</c> against each accepted socket
/// (<see cref="Connections"/> tells a script which connection it serves).
/// </summary>
public sealed class StubSubscriptionServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;
    private readonly ConcurrentQueue<string> received = new();
    private readonly ConcurrentDictionary<WebSocket, HttpListenerContext> contexts = new();
    private int connections;

    public StubSubscriptionServer(Func<StubSubscriptionServer, WebSocket, Task> script)
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        serving = ServeAsync(script);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/graphql/v2");

    public IReadOnlyDictionary<string, string?> UpgradeHeaders { get; private set; } = new Dictionary<string, string?>();

    public IReadOnlyList<string> Received => received.ToArray();

    /// <summary>WebSocket connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>Cuts the connection without a closing handshake, as a proxy that drops it would.</summary>
    public void Drop(WebSocket socket)
    {
        socket.Abort();
        if (contexts.TryGetValue(socket, out var context))
        {
            context.Response.Abort();
        }
    }

    public async Task<JsonDocument> ReadAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
        received.Enqueue(text);
        return JsonDocument.Parse(text);
    }

    public static Task SendAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads connection_init, optionally pings first, acknowledges, and returns the subscribe message.</summary>
    public async Task<JsonDocument> HandshakeAsync(WebSocket socket, bool pingFirst = false)
    {
        using (await ReadAsync(socket))
        {
        }

        if (pingFirst)
        {
            await SendAsync(socket, """{"type":"ping"}""");
            using (await ReadAsync(socket))
            {
            }
        }

        await SendAsync(socket, """{"type":"connection_ack"}""");
        return await ReadAsync(socket);
    }

    private async Task ServeAsync(Func<StubSubscriptionServer, WebSocket, Task> script)
    {
        var running = new List<Task>();
        try
        {
            while (true)
            {
                var context = await listener.GetContextAsync();
                running.Add(ServeOneAsync(context, script));
            }
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
            // The test ended.
        }

        await Task.WhenAll(running);
    }

    private async Task ServeOneAsync(HttpListenerContext context, Func<StubSubscriptionServer, WebSocket, Task> script)
    {
        try
        {
            UpgradeHeaders = context.Request.Headers.AllKeys.Where(key => key is not null).ToDictionary(key => key!, key => context.Request.Headers[key], StringComparer.OrdinalIgnoreCase);
            var accepted = await context.AcceptWebSocketAsync("graphql-transport-ws");
            contexts[accepted.WebSocket] = context;
            Interlocked.Increment(ref connections);
            await script(this, accepted.WebSocket);
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or WebSocketException)
        {
            // The test ended or the client went away.
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Close();
        try
        {
            await serving;
        }
        catch (Exception)
        {
            // Already reported by the test.
        }
    }
}
