using System.Net.WebSockets;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class SubscriptionClientTests
{
    private static string Next(string deploymentJson) => "{\"id\":\"1\",\"type\":\"next\",\"payload\":{\"data\":{\"deployment\":" + deploymentJson + "}}}";

    private static RailwayClient ClientFor(Uri endpoint) => new(new Core.Railway.Transport.GraphQLTransport(new Core.Railway.Transport.GraphQLTransportOptions
    {
        Endpoint = endpoint,
        Credential = TransportFactory.Account(),
    }));

    [Fact]
    public async Task StreamsDeploymentUpdatesUntilTheServerCompletes()
    {
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            using var subscribe = await stub.HandshakeAsync(socket, pingFirst: true);
            await LoopbackServer.SendAsync(socket, Next(Json.Deployment("d1", "BUILDING")));
            await LoopbackServer.SendAsync(socket, """{"type":"ping"}""");
            await LoopbackServer.SendAsync(socket, Next(Json.Deployment("d1", "SUCCESS")));
            await LoopbackServer.SendAsync(socket, """{"id":"1","type":"complete"}""");
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        var statuses = new List<DeploymentStatus>();
        await foreach (var deployment in client.Deployments.SubscribeAsync("d1", CancellationToken.None))
        {
            statuses.Add(deployment.Status);
        }

        Assert.Equal(new[] { DeploymentStatus.Building, DeploymentStatus.Success }, statuses);
    }

    [Fact]
    public async Task SpeaksGraphQLTransportWsWithTheTokenInTheUpgradeHeaders()
    {
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            using var subscribe = await stub.HandshakeAsync(socket, pingFirst: true);
            await LoopbackServer.SendAsync(socket, """{"id":"1","type":"complete"}""");
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        await foreach (var _ in client.Deployments.SubscribeAsync("d1", CancellationToken.None))
        {
        }

        Assert.Equal("Bearer " + TransportFactory.AccountToken, server.UpgradeHeaders["Authorization"]);
        Assert.Equal("graphql-transport-ws", server.UpgradeHeaders["Sec-WebSocket-Protocol"]);
        var messages = server.Received;
        Assert.Equal("""{"type":"connection_init"}""", messages[0]);
        Assert.Equal("""{"type":"pong"}""", messages[1]);
        Assert.Contains("\"type\":\"subscribe\"", messages[2]);
        Assert.Contains("\"operationName\":\"DeploymentUpdates\"", messages[2]);
        Assert.Contains("\"id\":\"d1\"", messages[2]);
    }

    [Fact]
    public async Task SubscribesWithTheSameComposedDocumentAsHttp()
    {
        string? query = null;
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            using var subscribe = await stub.HandshakeAsync(socket);
            query = subscribe.RootElement.GetProperty("payload").GetProperty("query").GetString();
            await LoopbackServer.SendAsync(socket, """{"id":"1","type":"complete"}""");
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        await foreach (var _ in client.Deployments.SubscribeAsync("d1", CancellationToken.None))
        {
        }

        Assert.Equal(Core.Railway.Transport.OperationCatalog.Get("DeploymentUpdates"), query);
        Assert.Single(query!.Split("fragment DeploymentFields on Deployment", StringSplitOptions.None).Skip(1));
    }

    [Theory]
    [InlineData(RailwayLogType.Build, "BuildLogsStream")]
    [InlineData(RailwayLogType.Deploy, "DeploymentLogsStream")]
    public async Task LogStreamsSubscribeWithTheLogFragmentAppended(RailwayLogType type, string operation)
    {
        string? query = null;
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            using var subscribe = await stub.HandshakeAsync(socket);
            query = subscribe.RootElement.GetProperty("payload").GetProperty("query").GetString();
            await LoopbackServer.SendAsync(socket, """{"id":"1","type":"complete"}""");
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        await foreach (var _ in client.Logs.SubscribeAsync("d1", type, 10, null, CancellationToken.None))
        {
        }

        Assert.Equal(Core.Railway.Transport.OperationCatalog.Get(operation), query);
        Assert.Single(query!.Split("fragment LogFields on Log", StringSplitOptions.None).Skip(1));
    }

    [Fact]
    public async Task AnErrorMessageIsARejection()
    {
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            using var subscribe = await stub.HandshakeAsync(socket);
            await LoopbackServer.SendAsync(socket, """{"id":"1","type":"error","payload":[{"message":"Deployment not found"}]}""");
            await stub.ReadAsync(socket);
        });
        using var client = ClientFor(server.Endpoint);

        var exception = await Assert.ThrowsAsync<SubscriptionException>(async () =>
        {
            await foreach (var _ in client.Deployments.SubscribeAsync("d1", CancellationToken.None))
            {
            }
        });

        Assert.Equal(SubscriptionFailureKind.Rejected, exception.Kind);
        Assert.Contains("Deployment not found", exception.Message);
    }

    [Fact]
    public async Task AServerCloseAfterSubscribingIsReported()
    {
        await using var server = LoopbackServer.Subscriptions(async (stub, socket) =>
        {
            using var subscribe = await stub.HandshakeAsync(socket);
            await LoopbackServer.SendAsync(socket, Next(Json.Deployment("d1", "BUILDING")));
            await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "going away", CancellationToken.None);
        });
        using var client = ClientFor(server.Endpoint);
        var seen = 0;

        var exception = await Assert.ThrowsAsync<SubscriptionException>(async () =>
        {
            await foreach (var _ in client.Deployments.SubscribeAsync("d1", CancellationToken.None))
            {
                seen++;
            }
        });

        Assert.True(seen == 1, $"saw {seen} update(s) before: {exception}; the server read: {string.Join(" | ", server.Received)}");
        Assert.Contains(exception.Kind, new[] { SubscriptionFailureKind.Rejected, SubscriptionFailureKind.Dropped });
    }

    [Fact]
    public async Task NothingListeningIsUnavailable()
    {
        Uri endpoint;
        await using (var server = LoopbackServer.Subscriptions((_, _) => Task.CompletedTask))
        {
            endpoint = server.Endpoint;
        }

        using var client = ClientFor(endpoint);

        var exception = await Assert.ThrowsAsync<SubscriptionException>(async () =>
        {
            await foreach (var _ in client.Deployments.SubscribeAsync("d1", CancellationToken.None))
            {
            }
        });

        Assert.Equal(SubscriptionFailureKind.Unavailable, exception.Kind);
        Assert.DoesNotContain(TransportFactory.AccountToken, exception.Message);
    }

    [Fact]
    public void TheSocketUsesTheGraphQLPathWithAWebSocketScheme()
    {
        var secure = new GraphQLSubscriptionClient(new Core.Railway.Transport.GraphQLTransportOptions { Endpoint = new Uri("https://backboard.railway.com/graphql/v2") });
        var local = new GraphQLSubscriptionClient(new Core.Railway.Transport.GraphQLTransportOptions { Endpoint = new Uri("http://127.0.0.1:5000/graphql/v2") });

        Assert.Equal(new Uri("wss://backboard.railway.com/graphql/v2"), secure.SocketUri);
        Assert.Equal(new Uri("ws://127.0.0.1:5000/graphql/v2"), local.SocketUri);
    }
}
