using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>All concurrent subscriptions of one client travel over one graphql-transport-ws connection, each under its own id.</summary>
public sealed class SubscriptionMultiplexingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static RailwayClient ClientFor(Uri endpoint) => new(new Core.Railway.Transport.GraphQLTransport(new Core.Railway.Transport.GraphQLTransportOptions
    {
        Endpoint = endpoint,
        Credential = TransportFactory.Account(),
    }));

    private static string Next(string id, string deploymentId, string status) =>
        "{\"id\":\"" + id + "\",\"type\":\"next\",\"payload\":{\"data\":{\"deployment\":" + Json.Deployment(deploymentId, status) + "}}}";

    private static string Complete(string id) => "{\"id\":\"" + id + "\",\"type\":\"complete\"}";

    /// <summary>Acknowledges connection_init, then reads <paramref name="count"/> subscribe messages: deployment id → subscription id.</summary>
    private static async Task<Dictionary<string, string>> AcceptSubscriptionsAsync(LoopbackServer stub, WebSocket socket, int count)
    {
        using (await stub.ReadAsync(socket))
        {
        }

        await LoopbackServer.SendAsync(socket, """{"type":"connection_ack"}""");
        var ids = new Dictionary<string, string>();
        while (ids.Count < count)
        {
            using var message = await stub.ReadAsync(socket);
            var root = message.RootElement;
            Assert.Equal("subscribe", root.GetProperty("type").GetString());
            ids[root.GetProperty("payload").GetProperty("variables").GetProperty("id").GetString()!] = root.GetProperty("id").GetString()!;
        }

        return ids;
    }

    private static async Task<List<string>> CollectAsync(RailwayClient client, string deploymentId, CancellationToken cancellationToken = default, Action? onFirst = null)
    {
        var seen = new List<string>();
        await foreach (var deployment in client.Deployments.SubscribeAsync(deploymentId, cancellationToken))
        {
            seen.Add($"{deployment.DeploymentId}:{deployment.Status}");
            if (seen.Count == 1)
            {
                onFirst?.Invoke();
            }
        }

        return seen;
    }

    [Fact]
    public async Task ConcurrentSubscriptionsShareOneCountedConnectionAndEachGetsItsOwnEvents()
    {
        Dictionary<string, string>? ids = null;
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            ids = await AcceptSubscriptionsAsync(stub, socket, 3);

            // Interleaved, newest subscription first: routing must follow the id, not the order.
            foreach (var (deployment, id) in ids.Reverse())
            {
                await LoopbackServer.SendAsync(socket, Next(id, deployment, "BUILDING"));
            }

            foreach (var (deployment, id) in ids)
            {
                await LoopbackServer.SendAsync(socket, Next(id, deployment, "SUCCESS"));
                await LoopbackServer.SendAsync(socket, Complete(id));
            }

            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        var results = await Task.WhenAll(new[] { "d1", "d2", "d3" }.Select(id => CollectAsync(client, id))).WaitAsync(Patience);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(new[] { $"d{i + 1}:Building", $"d{i + 1}:Success" }, results[i]);
        }

        Assert.Equal(1, server.Connections);
        Assert.Equal(1, client.Counter.Total);
        Assert.Equal(new[] { "1", "2", "3" }, ids!.Values.Order());
        Assert.Single(server.Received, message => message.Contains("connection_init", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancellingOneSubscriptionLeavesTheOthersReceiving()
    {
        var completedId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Dictionary<string, string>? ids = null;
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            ids = await AcceptSubscriptionsAsync(stub, socket, 2);
            await LoopbackServer.SendAsync(socket, Next(ids["d1"], "d1", "BUILDING"));
            await LoopbackServer.SendAsync(socket, Next(ids["d2"], "d2", "BUILDING"));
            using (var complete = await stub.ReadAsync(socket))
            {
                Assert.Equal("complete", complete.RootElement.GetProperty("type").GetString());
                completedId.SetResult(complete.RootElement.GetProperty("id").GetString()!);
            }

            await LoopbackServer.SendAsync(socket, Next(ids["d2"], "d2", "SUCCESS"));
            await LoopbackServer.SendAsync(socket, Complete(ids["d2"]));
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);
        using var stopFirst = new CancellationTokenSource();
        var cancelledAt = new Stopwatch();

        var first = CollectAsync(client, "d1", stopFirst.Token, onFirst: () =>
        {
            cancelledAt.Start();
            stopFirst.Cancel();
        });
        // Stopped by the task's own completion, not by this test's next await: only the cancellation is measured.
        _ = first.ContinueWith(_ => cancelledAt.Stop(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var second = CollectAsync(client, "d2");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Patience));
        Assert.Equal(new[] { "d2:Building", "d2:Success" }, await second.WaitAsync(Patience));
        Assert.True(cancelledAt.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {cancelledAt.Elapsed}");
        Assert.Equal(ids!["d1"], await completedId.Task.WaitAsync(Patience));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task ADroppedConnectionFailsEverySubscriptionAndTheNextOneReconnects()
    {
        // Dropped once both subscribers hold their first event: a drop cuts what the client has not read yet.
        var bothSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firsts = 0;
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            if (stub.Connections == 1)
            {
                var ids = await AcceptSubscriptionsAsync(stub, socket, 2);
                await LoopbackServer.SendAsync(socket, Next(ids["d1"], "d1", "BUILDING"));
                await LoopbackServer.SendAsync(socket, Next(ids["d2"], "d2", "BUILDING"));
                await bothSeen.Task.WaitAsync(Patience);
                stub.Drop(socket);
                return;
            }

            var again = await AcceptSubscriptionsAsync(stub, socket, 1);
            await LoopbackServer.SendAsync(socket, Next(again["d3"], "d3", "SUCCESS"));
            await LoopbackServer.SendAsync(socket, Complete(again["d3"]));
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);
        var seen = new[] { new List<string>(), new List<string>() };

        var failures = await Task.WhenAll(new[] { "d1", "d2" }.Select((id, index) => Assert.ThrowsAsync<SubscriptionException>(async () =>
        {
            await foreach (var deployment in client.Deployments.SubscribeAsync(id, CancellationToken.None))
            {
                seen[index].Add(deployment.DeploymentId);
                if (seen[index].Count == 1 && Interlocked.Increment(ref firsts) == 2)
                {
                    bothSeen.TrySetResult();
                }
            }
        }))).WaitAsync(Patience);

        Assert.All(failures, failure => Assert.Equal(SubscriptionFailureKind.Dropped, failure.Kind));
        Assert.Equal(new[] { "d1" }, seen[0]);
        Assert.Equal(new[] { "d2" }, seen[1]);

        Assert.Equal(new[] { "d3:Success" }, await CollectAsync(client, "d3").WaitAsync(Patience));
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, client.Counter.Total);
    }

    [Fact]
    public async Task AnErrorForOneIdFailsOnlyThatSubscription()
    {
        // The other subscription's events follow once the failed one has ended on the client: any complete it owed would be sent by then.
        var firstEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            var ids = await AcceptSubscriptionsAsync(stub, socket, 2);
            await LoopbackServer.SendAsync(socket, "{\"id\":\"" + ids["d1"] + "\",\"type\":\"error\",\"payload\":[{\"message\":\"Deployment not found\"}]}");
            await firstEnded.Task.WaitAsync(Patience);
            await LoopbackServer.SendAsync(socket, Next(ids["d2"], "d2", "SUCCESS"));
            await LoopbackServer.SendAsync(socket, Complete(ids["d2"]));
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        var first = Assert.ThrowsAsync<SubscriptionException>(() => CollectAsync(client, "d1"));
        _ = first.ContinueWith(_ => firstEnded.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var second = CollectAsync(client, "d2");

        var failure = await first.WaitAsync(Patience);
        Assert.Equal(SubscriptionFailureKind.Rejected, failure.Kind);
        Assert.Contains("Deployment not found", failure.Message);
        Assert.Equal(new[] { "d2:Success" }, await second.WaitAsync(Patience));
        Assert.Equal(1, server.Connections);

        // The server ended the failed one itself, so the client owes it no complete.
        Assert.DoesNotContain(server.Received, message => message.Contains("\"type\":\"complete\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLastSubscriberToLeaveClosesTheSocketAndTheNextOneOpensAnother()
    {
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            var ids = await AcceptSubscriptionsAsync(stub, socket, 1);
            var (deployment, id) = ids.Single();
            await LoopbackServer.SendAsync(socket, Next(id, deployment, "SUCCESS"));
            await LoopbackServer.SendAsync(socket, Complete(id));
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        Assert.Equal(new[] { "d1:Success" }, await CollectAsync(client, "d1").WaitAsync(Patience));
        Assert.Equal(new[] { "d2:Success" }, await CollectAsync(client, "d2").WaitAsync(Patience));

        Assert.Equal(2, server.Connections);
        Assert.Equal(2, client.Counter.Total);
    }
}
