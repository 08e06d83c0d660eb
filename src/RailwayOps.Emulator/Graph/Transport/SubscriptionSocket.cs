using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using RailwayOps.Emulator.Admin;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

/// <summary>
/// One graphql-transport-ws connection at /graphql/v2. The caller is authenticated from the
/// upgrade request's headers (as Railway does); connection_init only has to come first.
/// </summary>
public sealed class SubscriptionSocket(WebSocket socket, HttpContext http, Caller? caller, GraphExecutor executor,
    RequestJournal journal)
{
    public const string SubProtocol = "graphql-transport-ws";
    private static readonly GraphQLSerializer Serializer = new();
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Messages go out in order through one writer, so that no event source (a store change on a request
    // thread, a log line from a deployed app) ever blocks on a slow client.
    private readonly Channel<OperationMessage> _outbox = Channel.CreateUnbounded<OperationMessage>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, IDisposable> _subscriptions = [];
    private bool _acknowledged;

    public static async Task AcceptAsync(HttpContext context, GraphExecutor executor, OpenSockets sockets, RequestJournal journal)
    {
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"WebSocket subprotocol {SubProtocol} required");
            return;
        }
        var caller = executor.Authenticate(context.Request);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(SubProtocol);
        sockets.Add(context);
        try
        {
            await new SubscriptionSocket(socket, context, caller, executor, journal).RunAsync(context.RequestAborted);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away or the socket was dropped on purpose: nothing to tell anyone.
        }
        finally
        {
            sockets.Remove(context);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var initTimer = new CancellationTokenSource(InitTimeout);
        using var beforeAck = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, initTimer.Token);
        var writer = WriteLoopAsync();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var text = await ReceiveAsync(_acknowledged ? cancellationToken : beforeAck.Token);
                if (text is null)
                    break;
                if (!await HandleAsync(text, cancellationToken))
                    break;
            }
        }
        catch (OperationCanceledException) when (initTimer.IsCancellationRequested && !_acknowledged)
        {
            await CloseAsync(4408, "Connection initialisation timeout");
        }
        finally
        {
            lock (_subscriptions)
            {
                foreach (var subscription in _subscriptions.Values)
                    subscription.Dispose();
                _subscriptions.Clear();
            }
            _outbox.Writer.TryComplete();
            await writer;
        }
    }

    /// <summary>Queues a message; the writer loop sends it after the ones queued before it.</summary>
    private void Post(OperationMessage message) => _outbox.Writer.TryWrite(message);

    private async Task WriteLoopAsync()
    {
        await foreach (var message in _outbox.Reader.ReadAllAsync())
            await SendAsync(message);
    }

    /// <summary>Returns false when the connection was closed.</summary>
    private async Task<bool> HandleAsync(string text, CancellationToken cancellationToken)
    {
        OperationMessage? message;
        try
        {
            message = Serializer.Deserialize<OperationMessage>(text);
        }
        catch (System.Text.Json.JsonException)
        {
            message = null;
        }
        switch (message?.Type)
        {
            case "connection_init":
                if (_acknowledged)
                    return await CloseAsync(4429, "Too many initialisation requests");
                if (caller is null)
                    return await CloseAsync(4403, "Forbidden");
                _acknowledged = true;
                Post(new OperationMessage { Type = "connection_ack" });
                return true;
            case "ping":
                Post(new OperationMessage { Type = "pong" });
                return true;
            case "pong":
                return true;
            case "subscribe" when message.Id is { Length: > 0 } id:
                if (!_acknowledged)
                    return await CloseAsync(4401, "Unauthorized");
                await SubscribeAsync(id, Serializer.ReadNode<GraphQLRequest>(message.Payload), cancellationToken);
                return true;
            case "complete" when message.Id is { } id:
                Unsubscribe(id);
                return true;
            default:
                return await CloseAsync(4400, "Invalid message received");
        }
    }

    private async Task SubscribeAsync(string id, GraphQLRequest? request, CancellationToken cancellationToken)
    {
        bool duplicate;
        lock (_subscriptions)
            duplicate = _subscriptions.ContainsKey(id);
        if (duplicate)
        {
            await CloseAsync(4409, $"Subscriber for {id} already exists");
            return;
        }
        if (request?.Query is null)
        {
            Post(new OperationMessage { Id = id, Type = "error", Payload = new[] { new { message = "Must provide query string." } } });
            return;
        }
        journal.Record(new JournalRecord(DateTimeOffset.UtcNow, "WS", http.Request.Path.Value ?? "",
            GraphQLRequestReader.OperationNameOf(request) ?? "(anonymous)", 101, 0, null));
        var result = await executor.ExecuteAsync(request, caller!, http.RequestServices, cancellationToken);
        if (result.Streams is not { Count: > 0 } streams)
        {
            if (result.Errors is { Count: > 0 } && result.Data is null)
            {
                Post(new OperationMessage { Id = id, Type = "error", Payload = result.Errors });
                return;
            }
            Post(new OperationMessage { Id = id, Type = "next", Payload = result });
            Post(new OperationMessage { Id = id, Type = "complete" });
            return;
        }
        var subscription = streams.Values.First().Subscribe(new StreamObserver(this, id));
        lock (_subscriptions)
            _subscriptions[id] = subscription;
    }

    private void Unsubscribe(string id)
    {
        IDisposable? subscription;
        lock (_subscriptions)
            if (_subscriptions.Remove(id, out subscription))
                subscription.Dispose();
    }

    private sealed class StreamObserver(SubscriptionSocket owner, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) =>
            owner.Post(new OperationMessage { Id = id, Type = "next", Payload = value });

        public void OnError(Exception error) =>
            owner.Post(new OperationMessage { Id = id, Type = "error", Payload = new[] { new { message = error.Message } } });

        public void OnCompleted() =>
            owner.Post(new OperationMessage { Id = id, Type = "complete" });
    }

    private async Task SendAsync(OperationMessage message)
    {
        var bytes = Encoding.UTF8.GetBytes(Serializer.Serialize(message));
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception error) when (error is WebSocketException or ObjectDisposedException or IOException)
        {
            // The socket is gone; the receive loop ends and disposes the subscriptions.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<bool> CloseAsync(int code, string reason)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.CloseAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (Exception error) when (error is WebSocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
        return false;
    }

    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync((int)WebSocketCloseStatus.NormalClosure, "");
                return null;
            }
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
        }
    }
}
