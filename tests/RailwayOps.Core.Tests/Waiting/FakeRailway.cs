using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RailwayOps.Core.Tests.Support;

namespace RailwayOps.Core.Tests.Waiting;

/// <summary>
/// A small Railway served by the <see cref="LoopbackServer"/>: the deployment and log queries over HTTP and
/// the deployment(id) subscription over graphql-transport-ws, with switches to refuse the WebSocket upgrade
/// or cut sockets, so the waiter is tested over real sockets. It keeps its own record of what it was asked
/// (HTTP requests per operation, subscribes, dropped sockets) for tests to wait on.
/// </summary>
public sealed class FakeRailway : IAsyncDisposable
{
    public const string ProjectId = "project-1";
    public const string EnvironmentId = "environment-1";
    public const string ServiceId = "service-1";

    private readonly LoopbackServer server;
    private readonly ConcurrentDictionary<string, FakeDeployment> deployments = new();
    private readonly ConcurrentDictionary<string, int> requests = new();
    private readonly ConcurrentBag<Subscriber> subscribers = new();
    private readonly ConcurrentQueue<string> upgradeAuthorizations = new();
    private readonly DateTimeOffset logEpoch = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);
    private int order;
    private int subscribes;
    private int dropped;

    public FakeRailway()
    {
        server = LoopbackServer.Start((context, _) => ServeAsync(context));
    }

    public Uri Endpoint => server.Endpoint;

    /// <summary>Answer the WebSocket upgrade with HTTP 400, as a proxy without WebSocket support would.</summary>
    public bool RefuseWebSockets { get; set; }

    /// <summary>Stop sending on each subscription after this many next messages, without closing it (0 = never).</summary>
    public int SilenceSocketsAfter { get; set; }

    public IReadOnlyCollection<string> UpgradeAuthorizations => upgradeAuthorizations.ToArray();

    public int HttpRequests(string operation) => requests.TryGetValue(operation, out var count) ? count : 0;

    public int TotalHttpRequests => requests.Values.Sum();

    /// <summary>deployment(id) subscriptions this Railway has accepted (unknown ids are refused and not counted).</summary>
    public int Subscribes => Volatile.Read(ref subscribes);

    /// <summary>Sockets cut by <see cref="DropSockets"/>.</summary>
    public int DroppedSockets => Volatile.Read(ref dropped);

    /// <summary>
    /// Cuts every open subscription's connection without a closing handshake, as a proxy that drops it would.
    /// A test calls it once the client has read what it was sent: a cut discards what the client has not read yet.
    /// </summary>
    public void DropSockets()
    {
        foreach (var socket in subscribers.Select(subscriber => subscriber.Socket).Distinct())
        {
            Drop(socket);
        }
    }

    public string Add(DeploymentStatus status, string? commit = null, params string[] deployLog)
    {
        var id = Guid.NewGuid().ToString();
        deployments[id] = new FakeDeployment(id, status, commit ?? (Guid.NewGuid().ToString("N") + "00000000"), Interlocked.Increment(ref order), deployLog);
        return id;
    }

    /// <summary>Appends a deploy log line, stamped after every line the deployment already has.</summary>
    public void AppendLog(string id, string message)
    {
        var deployment = deployments[id];
        deployments[id] = deployment with { DeployLog = deployment.DeployLog.Append(message).ToArray() };
    }

    public void SetStatus(string id, DeploymentStatus status)
    {
        deployments[id] = deployments[id] with { Status = status };
        foreach (var subscriber in subscribers.Where(s => s.DeploymentId == id))
        {
            _ = subscriber.SendAsync(Node(deployments[id]));
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        try
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                await ServeSocketAsync(context);
                return;
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            var operation = body["operationName"]!.GetValue<string>();
            requests.AddOrUpdate(operation, 1, (_, count) => count + 1);
            var variables = body["variables"]!.AsObject();
            var unknown = (variables["id"] ?? variables["deploymentId"])?.GetValue<string>() is { } asked && !deployments.ContainsKey(asked);
            var answer = unknown
                ? new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = "Deployment not found" }), ["data"] = null }
                : new JsonObject { ["data"] = Answer(operation, variables) };
            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
        }
        catch (Exception exception) when (exception is IOException or WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    private JsonNode? Answer(string operation, JsonObject variables) => operation switch
    {
        "Deployment" => new JsonObject { ["deployment"] = Node(deployments[variables["id"]!.GetValue<string>()]) },
        "Deployments" => new JsonObject
        {
            ["deployments"] = new JsonObject
            {
                ["edges"] = new JsonArray(deployments.Values.OrderByDescending(d => d.Order).Select(d => (JsonNode)new JsonObject { ["node"] = Node(d) }).ToArray()),
                ["pageInfo"] = new JsonObject { ["hasNextPage"] = false, ["endCursor"] = null },
            },
        },
        "LatestDeployment" => new JsonObject
        {
            ["serviceInstance"] = new JsonObject { ["latestDeployment"] = deployments.Values.OrderByDescending(d => d.Order).Select(Node).FirstOrDefault() },
        },
        "BuildLogs" => new JsonObject { ["buildLogs"] = Lines(new[] { "build step 1", "build step 2" }, variables) },
        "DeploymentLogs" => new JsonObject { ["deploymentLogs"] = Lines(deployments[variables["deploymentId"]!.GetValue<string>()].DeployLog, variables) },
        _ => throw new InvalidOperationException(operation),
    };

    private async Task ServeSocketAsync(HttpContext context)
    {
        upgradeAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        if (RefuseWebSockets)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var socket = await server.AcceptWebSocketAsync(context);

        // Several subscriptions share the socket (graphql-transport-ws multiplexing): one send at a time across them.
        var sending = new SemaphoreSlim(1, 1);
        var onThisSocket = new Dictionary<string, Subscriber>();
        while (socket.State == WebSocketState.Open)
        {
            var text = await server.ReadTextAsync(socket, server.Stopping);
            if (text.Length == 0)
            {
                return;
            }

            var message = JsonNode.Parse(text)!;
            switch (message["type"]!.GetValue<string>())
            {
                case "connection_init":
                    await SendAsync(socket, new JsonObject { ["type"] = "connection_ack" });
                    break;
                case "subscribe":
                    var id = message["payload"]!["variables"]!["id"]!.GetValue<string>();
                    if (!deployments.ContainsKey(id))
                    {
                        await SendAsync(socket, new JsonObject
                        {
                            ["id"] = message["id"]!.GetValue<string>(),
                            ["type"] = "error",
                            ["payload"] = new JsonArray(new JsonObject { ["message"] = "Deployment not found" }),
                        });
                        break;
                    }

                    var subscriber = new Subscriber(id, message["id"]!.GetValue<string>(), socket, sending, SilenceSocketsAfter);
                    onThisSocket[subscriber.SubscriptionId] = subscriber;
                    subscribers.Add(subscriber);
                    Interlocked.Increment(ref subscribes);
                    await subscriber.SendAsync(Node(deployments[id]));
                    break;
                case "complete":
                    if (onThisSocket.Remove(message["id"]!.GetValue<string>(), out var completed))
                    {
                        completed.Stop();
                    }

                    break;
            }
        }
    }

    private void Drop(WebSocket socket)
    {
        if (socket.State == WebSocketState.Open)
        {
            Interlocked.Increment(ref dropped);
            server.Drop(socket);
        }
    }

    private static Task SendAsync(WebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    private static JsonObject Node(FakeDeployment deployment) => new()
    {
        ["id"] = deployment.Id,
        ["status"] = deployment.Status.ToWireName(),
        ["createdAt"] = "2026-11-27T10:00:00Z",
        ["updatedAt"] = "2026-11-27T10:00:00Z",
        ["projectId"] = ProjectId,
        ["environmentId"] = EnvironmentId,
        ["serviceId"] = ServiceId,
        ["canRedeploy"] = true,
        ["canRollback"] = false,
        ["deploymentStopped"] = false,
        ["meta"] = new JsonObject { ["commitHash"] = deployment.Commit },
        ["environment"] = new JsonObject { ["id"] = EnvironmentId, ["name"] = "production" },
        ["service"] = new JsonObject { ["id"] = ServiceId, ["name"] = "web", ["project"] = new JsonObject { ["id"] = ProjectId, ["name"] = "demo" } },
    };

    /// <summary>Lines one second apart from a fixed epoch, filtered by startDate and endDate as Railway does.</summary>
    private JsonArray Lines(IEnumerable<string> messages, JsonObject variables)
    {
        var from = variables["startDate"]?.GetValue<string>() is { } start ? DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var to = variables["endDate"]?.GetValue<string>() is { } end ? DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        return new(messages
            .Select((message, index) => (Message: message, At: logEpoch.AddSeconds(index)))
            .Where(line => (from is null || line.At.AddTicks(1234567) >= from) && (to is null || line.At.AddTicks(1234567) <= to))
            .Select(line => (JsonNode)new JsonObject
            {
                ["timestamp"] = line.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + ".123456789Z",
                ["message"] = line.Message,
                ["severity"] = "info",
                ["attributes"] = new JsonArray(),
            }).ToArray());
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private sealed record FakeDeployment(string Id, DeploymentStatus Status, string Commit, int Order, IReadOnlyList<string> DeployLog);

    private sealed class Subscriber(string deploymentId, string subscriptionId, WebSocket socket, SemaphoreSlim gate, int silenceAfter)
    {
        private int sent;
        private volatile bool stopped;

        public string DeploymentId => deploymentId;

        public string SubscriptionId => subscriptionId;

        public WebSocket Socket => socket;

        /// <summary>The client completed this subscription: send it nothing more.</summary>
        public void Stop() => stopped = true;

        public async Task SendAsync(JsonObject node)
        {
            await gate.WaitAsync();
            try
            {
                if (stopped || socket.State != WebSocketState.Open || (silenceAfter > 0 && sent >= silenceAfter))
                {
                    return;
                }

                var message = new JsonObject { ["id"] = subscriptionId, ["type"] = "next", ["payload"] = new JsonObject { ["data"] = new JsonObject { ["deployment"] = node } } };
                await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
                if (silenceAfter > 0)
                {
                    sent++;
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or IOException)
            {
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
