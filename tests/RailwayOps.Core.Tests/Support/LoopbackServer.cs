using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace RailwayOps.Core.Tests.Support;

/// <summary>A request the server received: the request target as sent (path and query), the headers and the body.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// What the server answers to one request. <see cref="DropConnection"/> closes the connection without a
/// response; <see cref="Hang"/> never answers (until the client gives up or the server stops).
/// </summary>
public sealed record StubResponse(int Status, string Body = "", string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? Location { get; init; }

    public TimeSpan Delay { get; init; }

    public bool DropConnection { get; init; }

    public bool Hangs { get; init; }

    public static StubResponse Hang { get; } = new(0) { Hangs = true };

    public static StubResponse Json(string body) => new(200, body);

    /// <summary>What a service's /api/health answers: <c>{"status":..,"version":..}</c>.</summary>
    public static StubResponse Health(string version, string status = "ok") =>
        new(200, $$"""{"status":"{{status}}","version":"{{version}}"}""");
}

/// <summary>
/// The one loopback server every Core test talks to, built on Kestrel as PowerShell's own WebListener is: real
/// HTTP and WebSocket over real sockets on a port it picks, never a mocked HttpClient. It records every
/// request and, for graphql-transport-ws, every upgrade, every message read and every subscribe, so a test
/// waits for what the server saw instead of sleeping. The factories give the shapes the tests use: a scripted
/// GraphQL endpoint (<see cref="GraphQL"/>), a scripted WebSocket (<see cref="Subscriptions"/>), a health
/// endpoint whose address exists before it listens (<see cref="Health(Func{int, RecordedRequest, StubResponse})"/>),
/// and any handler of its own (<see cref="Start(Func{HttpContext, LoopbackServer, Task})"/>, as FakeRailway uses).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Func<HttpContext, LoopbackServer, Task> handle;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<string> received = new();
    private readonly ConcurrentDictionary<WebSocket, HttpContext> sockets = new();
    private readonly object startGate = new();
    private Socket? reservation;
    private WebApplication? app;
    private int requestCount;
    private int connections;
    private int subscribes;
    private int disposed;

    private LoopbackServer(Func<HttpContext, LoopbackServer, Task> handle)
    {
        this.handle = handle;

        // The address is fixed before anything listens: until Start, a bound socket that does not listen holds
        // the port, so connections are refused and no other socket (a parallel test's outgoing one) can take it.
        reservation = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reservation.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)reservation.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Railway's GraphQL path on this server.</summary>
    public Uri Endpoint => new(BaseUri, "graphql/v2");

    public Uri HealthUri => new(BaseUri, "api/health");

    /// <summary>Cancelled when the server stops: a handler that holds a request open ends with it.</summary>
    public CancellationToken Stopping => stopping.Token;

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    /// <summary>HTTP requests received so far (WebSocket upgrades are <see cref="Connections"/>).</summary>
    public int RequestCount => Volatile.Read(ref requestCount);

    /// <summary>WebSocket connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>graphql-transport-ws <c>subscribe</c> messages received so far: the server's own record that a subscription is open.</summary>
    public int Subscribes => Volatile.Read(ref subscribes);

    /// <summary>The headers of the latest WebSocket upgrade request.</summary>
    public IReadOnlyDictionary<string, string?> UpgradeHeaders { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Every WebSocket message read so far, in the order read.</summary>
    public IReadOnlyList<string> Received => received.ToArray();

    /// <summary>A server that answers with <paramref name="handle"/>, listening at once.</summary>
    public static LoopbackServer Start(Func<HttpContext, LoopbackServer, Task> handle) => new LoopbackServer(handle).Start();

    /// <summary>A GraphQL (or any HTTP) endpoint: <paramref name="respond"/> gets each request and its 0-based index and returns the answer.</summary>
    public static LoopbackServer GraphQL(Func<RecordedRequest, int, StubResponse> respond) =>
        Start(async (context, server) =>
        {
            var (request, index) = await server.RecordAsync(context);
            await server.AnswerAsync(context, respond(request, index), stubStyle: true);
        });

    /// <summary>A graphql-transport-ws endpoint: <paramref name="script"/> runs against each accepted socket.</summary>
    public static LoopbackServer Subscriptions(Func<LoopbackServer, WebSocket, Task> script) =>
        Start(async (context, server) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var socket = await server.AcceptWebSocketAsync(context);
            try
            {
                await script(server, socket);
            }
            catch (Exception exception) when (exception is WebSocketException or JsonException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client went away, or the script read its closing frame: the test's assertions tell what happened.
            }

            await server.HoldAsync(context, socket);
        });

    /// <summary>
    /// A health endpoint that does not listen yet: its address is known, connections are refused until
    /// <see cref="Start()"/>. <paramref name="reply"/> gets each request's 1-based number and the request.
    /// </summary>
    public static LoopbackServer Health(Func<int, RecordedRequest, StubResponse> reply) =>
        new(async (context, server) =>
        {
            var (request, index) = await server.RecordAsync(context);
            await server.AnswerAsync(context, reply(index + 1, request), stubStyle: false);
        });

    /// <inheritdoc cref="Health(Func{int, RecordedRequest, StubResponse})"/>
    public static LoopbackServer Health(Func<int, StubResponse> reply) => Health((number, _) => reply(number));

    /// <summary>Starts listening on the reserved port; a second call does nothing.</summary>
    public LoopbackServer Start()
    {
        lock (startGate)
        {
            if (app is not null)
            {
                return this;
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
            {
                options.AddServerHeader = false;
                options.Listen(IPAddress.Loopback, Port);
            });
            builder.Services.AddLogging().AddOptions();
            var built = builder.Build();
            built.UseWebSockets();
            built.Run(ServeAsync);
            reservation?.Dispose();
            reservation = null;

            // Started off the caller's context: a test may start the server from inside a callback of the code under test.
            Task.Run(() => built.StartAsync()).GetAwaiter().GetResult();
            app = built;
            return this;
        }
    }

    /// <summary>Waits until the server has received <paramref name="count"/> subscribe messages (at most <paramref name="patience"/>, 20 s by default).</summary>
    public Task WhenSubscribedAsync(int count, TimeSpan? patience = null) => Eventually.Async(() => Subscribes >= count, $"{count} subscribe message(s)", patience);

    /// <summary>Records the request (reading its body) and returns it with its 0-based index.</summary>
    public async Task<(RecordedRequest Request, int Index)> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(context.Request.Method, RawTarget(context), Headers(context.Request.Headers), body);
        var index = Interlocked.Increment(ref requestCount) - 1;
        requests.Enqueue(request);
        return (request, index);
    }

    /// <summary>Writes <paramref name="response"/>, or drops the connection, or holds it, as the response says.</summary>
    /// <param name="stubStyle">
    /// As a scripted API stub answers: a charset on the content type, the stub's own reason phrases, and one request
    /// per connection. Otherwise as an ordinary web server (a service's health endpoint): the content type as given,
    /// the standard reason phrases, connections kept alive.
    /// </param>
    public async Task AnswerAsync(HttpContext context, StubResponse response, bool stubStyle)
    {
        try
        {
            if (response.Hangs)
            {
                await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Stopping).Token);
            }

            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Stopping).Token);
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }

        if (response.DropConnection)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = stubStyle ? response.ContentType + "; charset=utf-8" : response.ContentType;
        if (stubStyle)
        {
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = ReasonOf(response.Status);
            context.Response.Headers.Connection = "close";
        }

        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }

        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        var body = Encoding.UTF8.GetBytes(response.Body);
        context.Response.ContentLength = body.Length;
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (a timeout test): nothing to answer.
        }
    }

    /// <summary>Accepts a graphql-transport-ws upgrade, recording its headers, counting it, and remembering it for <see cref="Drop"/>.</summary>
    public async Task<WebSocket> AcceptWebSocketAsync(HttpContext context)
    {
        UpgradeHeaders = context.Request.Headers.ToDictionary(header => header.Key, header => (string?)string.Join(", ", header.Value.ToArray()), StringComparer.OrdinalIgnoreCase);
        var socket = await context.WebSockets.AcceptWebSocketAsync(Core.Railway.Subscriptions.GraphQLSubscriptionClient.SubProtocol);
        sockets[socket] = context;
        Interlocked.Increment(ref connections);
        return socket;
    }

    /// <summary>
    /// Keeps a WebSocket's connection open after its script has finished, until the client leaves or the server
    /// stops: a script that returns has said all it means to, and the client decides what happens next.
    /// </summary>
    public async Task HoldAsync(HttpContext context, WebSocket socket)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived or WebSocketState.CloseSent)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        sockets.TryRemove(socket, out _);
        context.Abort();
    }

    /// <summary>Cuts the connection without a closing handshake, as a proxy that drops it would.</summary>
    public void Drop(WebSocket socket)
    {
        socket.Abort();
        if (sockets.TryGetValue(socket, out var context))
        {
            context.Abort();
        }
    }

    /// <summary>Reads one message, records it (counting subscribes) and parses it.</summary>
    public async Task<JsonDocument> ReadAsync(WebSocket socket)
    {
        var text = await ReadTextAsync(socket, CancellationToken.None);
        return JsonDocument.Parse(text);
    }

    /// <summary>Reads one whole text message and records it; an empty string for a closing frame.</summary>
    public async Task<string> ReadTextAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        var text = Encoding.UTF8.GetString(message.ToArray());
        received.Enqueue(text);
        if (text.Contains("\"type\":\"subscribe\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref subscribes);
        }

        return text;
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

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopping.Cancel();
        WebApplication? running;
        lock (startGate)
        {
            running = app;
            reservation?.Dispose();
        }

        if (running is not null)
        {
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await running.StopAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // Connections still open after the grace period are cut.
            }

            await running.DisposeAsync();
        }

        stopping.Dispose();
    }

    public void Dispose() => Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();

    private async Task ServeAsync(HttpContext context)
    {
        try
        {
            await handle(context, this);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or WebSocketException)
        {
            // The client went away or the server is stopping.
            context.Abort();
        }
    }

    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : context.Request.Path + context.Request.QueryString;

    private static Dictionary<string, string> Headers(IHeaderDictionary headers) =>
        headers.ToDictionary(header => header.Key, header => string.Join(", ", header.Value.ToArray()), StringComparer.OrdinalIgnoreCase);

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
