using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace RailwayOps.Emulator.Tests;

/// <summary>A graphql-transport-ws client, authenticated by headers on the upgrade like Railway's CLI.</summary>
public sealed class SubscriptionTestClient : IDisposable
{
    private static readonly TimeSpan ReceiveGuard = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();

    public WebSocket Socket => _socket;

    public static async Task<SubscriptionTestClient> ConnectAsync(Uri graphqlUrl, string? bearer = null, string? projectToken = null)
    {
        var client = new SubscriptionTestClient();
        client._socket.Options.AddSubProtocol("graphql-transport-ws");
        if (bearer is not null)
            client._socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        if (projectToken is not null)
            client._socket.Options.SetRequestHeader("Project-Access-Token", projectToken);
        var url = new UriBuilder(graphqlUrl) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(url, CancellationToken.None);
        return client;
    }

    public Task SendAsync(object message) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        using var guard = new CancellationTokenSource(ReceiveGuard);
        var buffer = new byte[16384];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, guard.Token);
            if (received.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
                return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
        }
    }

    public async Task<JsonElement> ReceiveOfTypeAsync(string type)
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException($"socket closed while waiting for {type}");
            if (message.GetProperty("type").GetString() == type)
                return message;
        }
    }

    public async Task InitAsync()
    {
        await SendAsync(new { type = "connection_init" });
        await ReceiveOfTypeAsync("connection_ack");
    }

    public void Dispose() => _socket.Dispose();
}
