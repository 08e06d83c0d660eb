using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Resilience;

namespace RailwayOps.Core.Railway.Subscriptions;

/// <summary>
/// GraphQL subscriptions over WebSocket with the graphql-transport-ws protocol, as the Railway CLI
/// speaks it: credentials in the upgrade request's headers, connection_init without payload, then
/// subscribe / next / error / complete, answering every ping with a pong. All concurrent
/// subscriptions of one instance share one socket, each under its own id: the first subscriber opens
/// it, the last one to leave closes it, and a broken socket fails every subscription on it.
/// Every failure is a <see cref="SubscriptionException"/>, so callers can fall back to HTTP polling.
/// </summary>
public sealed class GraphQLSubscriptionClient : IDisposable
{
    public const string SubProtocol = "graphql-transport-ws";
    private static readonly TimeSpan AcknowledgeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QuietSendTimeout = TimeSpan.FromSeconds(2);

    private readonly GraphQLTransportOptions options;
    private readonly RequestHeaders headers;

    /// <summary>Guards <see cref="current"/>, <see cref="disposed"/> and every connection's membership.</summary>
    private readonly object gate = new();
    private Connection? current;
    private bool disposed;

    public GraphQLSubscriptionClient(GraphQLTransportOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        GraphQLTransport.EnsureSafeEndpoint(options);
        headers = RequestHeaders.For(options.Credential);
    }

    /// <summary>The ws:// or wss:// form of the GraphQL endpoint (same path: Railway serves both there).</summary>
    public Uri SocketUri => new UriBuilder(options.Endpoint) { Scheme = options.Endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;

    /// <summary>Yields each <c>next</c> payload's <c>data</c> until the server completes the subscription.</summary>
    public async IAsyncEnumerable<JsonElement> SubscribeAsync(
        string operationName,
        JsonObject? variables,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (connection, subscription) = Join(operationName);
        try
        {
            await connection.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await connection.SubscribeAsync(subscription, SubscribeMessage(subscription.Id, operationName, variables), cancellationToken).ConfigureAwait(false);
            }
            catch (SubscriptionException) when (subscription.Inbox.Reader.TryPeek(out _))
            {
                // The server answered, then closed, before this send's completion was seen: what it sent is delivered
                // first, then the failure the close put behind it in the inbox.
            }

            while (true)
            {
                var item = await subscription.Inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (item.Failure is { } failure)
                {
                    subscription.Finished = true;
                    throw failure;
                }

                using var message = item.Message!;
                var root = message.RootElement;
                switch (TypeOf(root))
                {
                    case "next":
                        yield return DataOf(root, operationName);
                        break;
                    case "error":
                        subscription.Finished = true;
                        throw Rejected(operationName, root.TryGetProperty("payload", out var errors) ? FirstMessage(errors) : "error");
                    case "complete":
                        subscription.Finished = true;
                        yield break;
                }
            }
        }
        finally
        {
            Leave(connection, subscription);
        }
    }

    /// <summary>Closes the shared socket; subscriptions still open on it fail as dropped.</summary>
    public void Dispose()
    {
        Connection? connection;
        lock (gate)
        {
            disposed = true;
            connection = current;
            current = null;
        }

        connection?.Fail(new SubscriptionException(SubscriptionFailureKind.Dropped, Format(SubscriptionMessages.Dropped, "the client was disposed")));
    }

    /// <summary>Joins the open (or opening) connection, or starts a new one; the subscription gets the connection's next id.</summary>
    private (Connection Connection, Subscription Subscription) Join(string operationName)
    {
        Connection connection;
        var opened = false;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (current is null)
            {
                current = new Connection(this);
                opened = true;
            }

            connection = current;
            connection.Members++;
        }

        if (opened)
        {
            connection.Open(operationName);
        }

        return (connection, new Subscription(connection.NextId()));
    }

    /// <summary>
    /// Removes a subscriber. The last one closes the socket; any other one that the server still
    /// serves sends complete for its id. Neither waits, so leaving returns at once. (A subscriber's own
    /// subscribe message is sent under the connection's lifetime, not the subscriber's token: cancelling a
    /// send would abort the socket every subscriber shares.)
    /// </summary>
    private void Leave(Connection connection, Subscription subscription)
    {
        bool last;
        lock (gate)
        {
            connection.Subscriptions.Remove(subscription.Id);
            last = --connection.Members == 0;
            if (last && ReferenceEquals(current, connection))
            {
                current = null;
            }
        }

        // Nobody reads this inbox again: a late write fails (the reader then disposes the message), and
        // what is already queued is disposed here so its pooled buffers go back.
        subscription.Inbox.Writer.TryComplete();
        while (subscription.Inbox.Reader.TryRead(out var unread))
        {
            unread.Message?.Dispose();
        }

        if (last)
        {
            connection.CloseInBackground();
        }
        else if (subscription.Registered && !subscription.Finished)
        {
            connection.SendInBackground(new JsonObject { ["id"] = subscription.Id, ["type"] = "complete" });
        }
    }

    /// <summary>Forgets a connection that failed so the next subscriber opens a new one. Called under
    /// <see cref="gate"/>, in the same lock that records the failure, so no one can join it in between.</summary>
    private void ForgetLocked(Connection connection)
    {
        if (ReferenceEquals(current, connection))
        {
            current = null;
        }
    }

    private ClientWebSocket CreateSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        headers.ApplyTo(socket.Options);
        return socket;
    }

    /// <summary>How long the upgrade and the acknowledgement may each take: 10 s, cut to what is left of the deadline.</summary>
    private TimeSpan HandshakeTimeout => Deadline.ClampTimer(options.Deadline.Clip(AcknowledgeTimeout));

    private static JsonObject SubscribeMessage(string id, string operationName, JsonObject? variables) => new()
    {
        ["id"] = id,
        ["type"] = "subscribe",
        ["payload"] = new JsonObject
        {
            ["query"] = OperationCatalog.Get(operationName),
            ["variables"] = variables?.DeepClone() ?? new JsonObject(),
            ["operationName"] = operationName,
        },
    };

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

    private SubscriptionException Broken(Exception exception, bool subscribed) => subscribed
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

    private static string? IdOf(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private void Report(string format, params object?[] arguments) =>
        options.Events.Report(new RailwayEvent(RailwayEventLevel.Debug, Format(format, arguments)));

    private string Format(string format, params object?[] arguments) =>
        options.Redactor.Redact(string.Format(CultureInfo.InvariantCulture, format, arguments));

    /// <summary>What the reader hands one subscription: a message for its id, or the failure of the whole connection.</summary>
    private readonly record struct Delivery(JsonDocument? Message, SubscriptionException? Failure);

    /// <summary>One subscriber on a connection.</summary>
    private sealed class Subscription(string id)
    {
        public string Id { get; } = id;

        /// <summary>Written by the reader loop and, on a failure, by whichever thread saw it: not a single writer.</summary>
        public Channel<Delivery> Inbox { get; } = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        /// <summary>The subscribe message went to the server, so leaving early must tell it.</summary>
        public bool Registered { get => Volatile.Read(ref registered); set => Volatile.Write(ref registered, value); }

        /// <summary>The server ended it (complete or error), or the connection failed: nothing to tell the server.</summary>
        public bool Finished { get => Volatile.Read(ref finished); set => Volatile.Write(ref finished, value); }

        private bool registered;
        private bool finished;
    }

    /// <summary>
    /// One shared socket: the handshake (run once, awaited by every subscriber), one reader loop that
    /// routes messages by id and answers pings, and one send at a time.
    /// </summary>
    private sealed class Connection(GraphQLSubscriptionClient owner)
    {
        private readonly ClientWebSocket socket = owner.CreateSocket();
        private readonly SemaphoreSlim sending = new(1, 1);
        private readonly CancellationTokenSource lifetime = new();
        private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int lastId;
        private SubscriptionException? failure;
        private int closed;

        /// <summary>Subscribers that joined and have not left (under the owner's gate).</summary>
        public int Members { get; set; }

        /// <summary>Registered subscriptions by id (under the owner's gate).</summary>
        public Dictionary<string, Subscription> Subscriptions { get; } = new(StringComparer.Ordinal);

        /// <summary>Completes once connection_ack arrived; faults with the handshake's <see cref="SubscriptionException"/>.</summary>
        public Task Ready => ready.Task;

        public string NextId() => Interlocked.Increment(ref lastId).ToString(CultureInfo.InvariantCulture);

        public void Open(string operationName)
        {
            owner.Report(SubscriptionMessages.Connecting, owner.SocketUri, operationName);
            _ = HandshakeAsync(operationName);

            // Every waiting subscriber observes a failure; this keeps it observed when none is left.
            _ = Ready.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        /// <summary>Registers the subscription for routing, then sends its subscribe message.</summary>
        public async Task SubscribeAsync(Subscription subscription, JsonObject message, CancellationToken cancellationToken)
        {
            lock (owner.gate)
            {
                if (failure is { } broken)
                {
                    subscription.Finished = true;
                    throw broken.Kind == SubscriptionFailureKind.Dropped && broken.InnerException is { } cause
                        ? owner.Broken(cause, subscribed: false)
                        : Copy(broken);
                }

                Subscriptions[subscription.Id] = subscription;
            }

            await SendAsync(message, subscribed: false, cancellationToken).ConfigureAwait(false);
            subscription.Registered = true;
        }

        /// <summary>Fails every subscription on this connection with (a copy of) <paramref name="error"/> and discards the socket.</summary>
        public void Fail(SubscriptionException error)
        {
            List<Subscription> affected;
            lock (owner.gate)
            {
                if (failure is not null || closed != 0)
                {
                    return;
                }

                failure = error;
                affected = Subscriptions.Values.ToList();
                Subscriptions.Clear();
                owner.ForgetLocked(this);
            }

            foreach (var subscription in affected)
            {
                subscription.Inbox.Writer.TryWrite(new Delivery(null, Copy(error)));
            }

            Discard();
        }

        /// <summary>Sends complete (or anything) without letting the caller wait or fail.</summary>
        public void SendInBackground(JsonObject message) => _ = SendQuietlyAsync(message);

        /// <summary>The last subscriber left: close the socket politely, in the background.</summary>
        public void CloseInBackground()
        {
            if (Interlocked.Exchange(ref closed, 1) != 0)
            {
                return;
            }

            _ = CloseQuietlyAsync();
        }

        private async Task HandshakeAsync(string operationName)
        {
            var token = lifetime.Token;
            try
            {
                await ConnectAsync(operationName, token).ConfigureAwait(false);
                await SendAsync(new JsonObject { ["type"] = "connection_init" }, subscribed: false, token).ConfigureAwait(false);
                await WaitForAcknowledgeAsync(token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // Discarded while connecting (the client was disposed, or the only subscriber left).
                SubscriptionException error;
                lock (owner.gate)
                {
                    error = exception as SubscriptionException ?? failure ?? owner.Broken(exception, subscribed: false);
                    failure ??= error;
                    owner.ForgetLocked(this);
                }

                Discard();
                ready.TrySetException(error);
                return;
            }

            _ = Task.Run(ReadLoopAsync, CancellationToken.None);
            ready.TrySetResult();
        }

        private async Task ConnectAsync(string operationName, CancellationToken cancellationToken)
        {
            owner.options.Counter.Increment(operationName);
            if (!ReferenceEquals(owner.options.Counter, RequestCounter.Global))
            {
                RequestCounter.Global.Increment(operationName);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(owner.HandshakeTimeout);
            try
            {
                await socket.ConnectAsync(owner.SocketUri, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or HttpRequestException
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new SubscriptionException(SubscriptionFailureKind.Unavailable, owner.Format(SubscriptionMessages.Unavailable, owner.SocketUri, exception.Message), exception);
            }
        }

        private async Task WaitForAcknowledgeAsync(CancellationToken cancellationToken)
        {
            var timeout = owner.HandshakeTimeout;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                while (true)
                {
                    using var message = await ReceiveAsync(subscribed: false, deadline.Token).ConfigureAwait(false);
                    switch (TypeOf(message.RootElement))
                    {
                        case "connection_ack":
                            return;
                        case "ping":
                            await SendAsync(new JsonObject { ["type"] = "pong" }, subscribed: false, deadline.Token).ConfigureAwait(false);
                            break;
                        default:
                            throw owner.Unexpected(TypeOf(message.RootElement));
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SubscriptionException(
                    SubscriptionFailureKind.HandshakeTimeout,
                    owner.Format(SubscriptionMessages.HandshakeTimeout, owner.SocketUri, timeout.TotalSeconds));
            }
        }

        /// <summary>The only receiver once acknowledged: routes next / error / complete by id and answers pings.</summary>
        private async Task ReadLoopAsync()
        {
            var token = lifetime.Token;
            try
            {
                while (true)
                {
                    var message = await ReceiveAsync(subscribed: true, token).ConfigureAwait(false);
                    var root = message.RootElement;
                    switch (TypeOf(root))
                    {
                        case "next" or "error" or "complete":
                            Subscription? target = null;
                            if (IdOf(root) is { } id)
                            {
                                lock (owner.gate)
                                {
                                    Subscriptions.TryGetValue(id, out target);
                                }
                            }

                            // A message for a subscription that already left is of no use to anyone.
                            if (target is null || !target.Inbox.Writer.TryWrite(new Delivery(message, null)))
                            {
                                message.Dispose();
                            }

                            break;
                        case "ping":
                            message.Dispose();
                            await SendAsync(new JsonObject { ["type"] = "pong" }, subscribed: true, token).ConfigureAwait(false);
                            break;
                        case "pong":
                            message.Dispose();
                            break;
                        default:
                            var type = TypeOf(root);
                            message.Dispose();
                            throw owner.Unexpected(type);
                    }
                }
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                // Closed or discarded on purpose (a failure already told every subscriber).
            }
            catch (SubscriptionException exception)
            {
                Fail(exception);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                Fail(owner.Broken(exception, subscribed: true));
            }
        }

        private async Task SendAsync(JsonObject message, bool subscribed, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            await sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Never the subscriber's token: cancelling a send aborts the socket every subscriber shares.
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException
                || (exception is OperationCanceledException && lifetime.IsCancellationRequested))
            {
                var broken = owner.Broken(exception, subscribed);
                if (Ready.IsCompletedSuccessfully)
                {
                    Fail(owner.Broken(exception, subscribed: true));
                }

                throw broken;
            }
            finally
            {
                sending.Release();
            }
        }

        private async Task SendQuietlyAsync(JsonObject message)
        {
            try
            {
                using var timeout = new CancellationTokenSource(QuietSendTimeout);
                await SendAsync(message, subscribed: true, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SubscriptionException or OperationCanceledException or ObjectDisposedException)
            {
                // Best effort: a connection that cannot take it is failing anyway, and the reader reports that.
            }
        }

        /// <summary>One whole text message. A close by the server is a rejection; a broken connection is a drop once subscribed.</summary>
        private async Task<JsonDocument> ReceiveAsync(bool subscribed, CancellationToken cancellationToken)
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
                            owner.Format(SubscriptionMessages.Closed, (int?)socket.CloseStatus, socket.CloseStatusDescription));
                    }

                    message.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        return JsonDocument.Parse(message.ToArray());
                    }
                }
            }
            catch (WebSocketException exception) when (!lifetime.IsCancellationRequested)
            {
                throw owner.Broken(exception, subscribed);
            }
            catch (JsonException)
            {
                throw owner.Unexpected("(not JSON)");
            }
        }

        private async Task CloseQuietlyAsync()
        {
            try
            {
                if (Ready.IsCompletedSuccessfully && failure is null)
                {
                    using var timeout = new CancellationTokenSource(QuietSendTimeout);
                    await sending.WaitAsync(timeout.Token).ConfigureAwait(false);
                    try
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "complete", timeout.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        sending.Release();
                    }
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // Nobody uses the connection any more; a close that fails changes nothing.
            }
            finally
            {
                Discard();
            }
        }

        /// <summary>Stops the reader and any handshake, and aborts the socket.</summary>
        private void Discard()
        {
            try
            {
                lifetime.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            socket.Dispose();
        }

        private static SubscriptionException Copy(SubscriptionException error) => new(error.Kind, error.Message, error.InnerException);
    }
}
