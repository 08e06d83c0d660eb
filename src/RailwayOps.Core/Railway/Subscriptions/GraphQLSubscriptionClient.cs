using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway.Transport;

namespace RailwayOps.Core.Railway.Subscriptions;

/// <summary>
/// GraphQL subscriptions over WebSocket with the graphql-transport-ws protocol, as the Railway CLI
/// speaks it: credentials in the upgrade request's headers, connection_init without payload, then
/// subscribe / next / error / complete, answering every ping with a pong. One socket per subscription.
/// Every failure is a <see cref="SubscriptionException"/>, so callers can fall back to HTTP polling.
/// </summary>
public sealed class GraphQLSubscriptionClient
{
    public const string SubProtocol = "graphql-transport-ws";
    private const string SubscriptionId = "1";
    private static readonly TimeSpan AcknowledgeTimeout = TimeSpan.FromSeconds(10);

    private readonly GraphQLTransportOptions options;

    public GraphQLSubscriptionClient(GraphQLTransportOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        GraphQLTransport.EnsureSafeEndpoint(options);
    }

    /// <summary>The ws:// or wss:// form of the GraphQL endpoint (same path: Railway serves both there).</summary>
    public Uri SocketUri => new UriBuilder(options.Endpoint) { Scheme = options.Endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;

    /// <summary>Yields each <c>next</c> payload's <c>data</c> until the server completes the subscription.</summary>
    public async IAsyncEnumerable<JsonElement> SubscribeAsync(
        string operationName,
        JsonObject? variables,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var socket = CreateSocket();
        Report(SubscriptionMessages.Connecting, SocketUri, operationName);
        await ConnectAsync(socket, operationName, cancellationToken).ConfigureAwait(false);
        await SendAsync(socket, new JsonObject { ["type"] = "connection_init" }, subscribed: false, cancellationToken).ConfigureAwait(false);
        await WaitForAcknowledgeAsync(socket, cancellationToken).ConfigureAwait(false);
        await SendAsync(socket, SubscribeMessage(operationName, variables), subscribed: false, cancellationToken).ConfigureAwait(false);

        while (true)
        {
            using var message = await ReceiveAsync(socket, subscribed: true, cancellationToken).ConfigureAwait(false);
            var root = message.RootElement;
            switch (TypeOf(root))
            {
                case "next":
                    yield return DataOf(root, operationName);
                    break;
                case "error":
                    throw Rejected(operationName, root.TryGetProperty("payload", out var errors) ? FirstMessage(errors) : "error");
                case "complete":
                    await CloseQuietlyAsync(socket).ConfigureAwait(false);
                    yield break;
                case "ping":
                    await SendAsync(socket, new JsonObject { ["type"] = "pong" }, subscribed: true, cancellationToken).ConfigureAwait(false);
                    break;
                case "pong":
                    break;
                default:
                    throw Unexpected(TypeOf(root));
            }
        }
    }

    private ClientWebSocket CreateSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        socket.Options.SetRequestHeader("User-Agent", $"RailwayOps/{GraphQLTransport.Version} (PowerShell)");
        socket.Options.SetRequestHeader("x-source", $"RailwayOps/{GraphQLTransport.Version}");
        if (options.Credential is { } credential)
        {
            var header = credential.AuthorizationHeader;
            socket.Options.SetRequestHeader(header.Key, header.Value);
        }

        return socket;
    }

    private static JsonObject SubscribeMessage(string operationName, JsonObject? variables) => new()
    {
        ["id"] = SubscriptionId,
        ["type"] = "subscribe",
        ["payload"] = new JsonObject
        {
            ["query"] = OperationCatalog.Get(operationName),
            ["variables"] = variables?.DeepClone() ?? new JsonObject(),
            ["operationName"] = operationName,
        },
    };

    private async Task ConnectAsync(ClientWebSocket socket, string operationName, CancellationToken cancellationToken)
    {
        options.Counter.Increment(operationName);
        if (!ReferenceEquals(options.Counter, RequestCounter.Global))
        {
            RequestCounter.Global.Increment(operationName);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AcknowledgeTimeout);
        try
        {
            await socket.ConnectAsync(SocketUri, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or HttpRequestException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SubscriptionException(SubscriptionFailureKind.Unavailable, Format(SubscriptionMessages.Unavailable, SocketUri, exception.Message), exception);
        }
    }

    private async Task WaitForAcknowledgeAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AcknowledgeTimeout);
        try
        {
            while (true)
            {
                using var message = await ReceiveAsync(socket, subscribed: false, deadline.Token).ConfigureAwait(false);
                switch (TypeOf(message.RootElement))
                {
                    case "connection_ack":
                        return;
                    case "ping":
                        await SendAsync(socket, new JsonObject { ["type"] = "pong" }, subscribed: false, deadline.Token).ConfigureAwait(false);
                        break;
                    default:
                        throw Unexpected(TypeOf(message.RootElement));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SubscriptionException(
                SubscriptionFailureKind.HandshakeTimeout,
                Format(SubscriptionMessages.HandshakeTimeout, SocketUri, AcknowledgeTimeout.TotalSeconds));
        }
    }

    private async Task SendAsync(ClientWebSocket socket, JsonObject message, bool subscribed, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException exception)
        {
            throw Broken(exception, subscribed);
        }
    }

    /// <summary>One whole text message. A close by the server is a rejection; a broken connection is a drop once subscribed.</summary>
    private async Task<JsonDocument> ReceiveAsync(ClientWebSocket socket, bool subscribed, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new SubscriptionException(
                        SubscriptionFailureKind.Rejected,
                        Format(SubscriptionMessages.Closed, (int?)socket.CloseStatus, socket.CloseStatusDescription));
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return JsonDocument.Parse(message.ToArray());
                }
            }
        }
        catch (WebSocketException exception)
        {
            throw Broken(exception, subscribed);
        }
        catch (JsonException)
        {
            throw Unexpected("(not JSON)");
        }
    }

    /// <summary>A next payload's data; GraphQL errors in it are mapped exactly as over HTTP, then reported as a rejection.</summary>
    private JsonElement DataOf(JsonElement message, string operationName)
    {
        var payload = message.TryGetProperty("payload", out var body) ? body.GetRawText() : "{}";
        try
        {
            return ResponseInterpreter.Interpret(operationName, HttpStatusCode.OK, "OK", "application/json", null, payload, options.Credential, options.Redactor);
        }
        catch (RailwayApiException exception)
        {
            throw new SubscriptionException(SubscriptionFailureKind.Rejected, Format(SubscriptionMessages.Rejected, operationName, exception.Message), exception);
        }
    }

    private SubscriptionException Rejected(string operationName, string reason) =>
        new(SubscriptionFailureKind.Rejected, Format(SubscriptionMessages.Rejected, operationName, reason));

    private SubscriptionException Broken(WebSocketException exception, bool subscribed) => subscribed
        ? new SubscriptionException(SubscriptionFailureKind.Dropped, Format(SubscriptionMessages.Dropped, exception.Message), exception)
        : new SubscriptionException(SubscriptionFailureKind.Unavailable, Format(SubscriptionMessages.Unavailable, SocketUri, exception.Message), exception);

    private SubscriptionException Unexpected(string type) =>
        new(SubscriptionFailureKind.Rejected, Format(SubscriptionMessages.UnexpectedMessage, type));

    private static string FirstMessage(JsonElement errors) =>
        errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 && errors[0].TryGetProperty("message", out var message)
            ? message.ToString()
            : errors.GetRawText();

    private static string TypeOf(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString() ?? string.Empty
            : string.Empty;

    private void Report(string format, params object?[] arguments) =>
        options.Events.Report(new RailwayEvent(RailwayEventLevel.Debug, Format(format, arguments)));

    private string Format(string format, params object?[] arguments) =>
        options.Redactor.Redact(string.Format(CultureInfo.InvariantCulture, format, arguments));

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "complete", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The subscription is complete; a close that fails changes nothing for the caller.
        }
    }
}
