using System.Text.Json;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class PaginationTests
{
    private static LoopbackServer TwoPages(int firstPage, int secondPage) => LoopbackServer.GraphQL((request, index) =>
    {
        var start = index == 0 ? 0 : firstPage;
        var count = index == 0 ? firstPage : secondPage;
        var nodes = Enumerable.Range(start, count).Select(i => Json.Deployment($"d{i}"));
        return StubResponse.Json(Json.DeploymentsPage(nodes, hasNext: index == 0, endCursor: index == 0 ? "cursor-1" : "cursor-2"));
    });

    private static JsonElement Variables(RecordedRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("variables").Clone();

    [Fact]
    public async Task TheSecondPageIsNotRequestedBeforeTheFirstPageIsConsumed()
    {
        await using var server = TwoPages(100, 3);
        using var client = new RailwayClient(TransportFactory.Create(server));
        var seen = 0;

        await foreach (var deployment in client.Deployments.ListAsync(new DeploymentQuery { ProjectId = "p1" }, CancellationToken.None))
        {
            seen++;
            if (seen <= 100)
            {
                Assert.Equal(1, server.RequestCount);
            }
        }

        Assert.Equal(103, seen);
        Assert.Equal(2, server.RequestCount);
        Assert.Equal("cursor-1", Variables(server.Requests[1]).GetProperty("after").GetString());
    }

    [Fact]
    public async Task FirstCapsThePageSizeAndTheTotal()
    {
        await using var server = TwoPages(100, 50);
        using var client = new RailwayClient(TransportFactory.Create(server));

        var all = await client.Deployments.ListAsync(new DeploymentQuery { ProjectId = "p1", First = 150 }, CancellationToken.None).ToListAsync();

        Assert.Equal(150, all.Count);
        Assert.Equal(100, Variables(server.Requests[0]).GetProperty("first").GetInt32());
        Assert.Equal(50, Variables(server.Requests[1]).GetProperty("first").GetInt32());
    }

    [Fact]
    public async Task FirstOneAsksForOneObject()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.DeploymentsPage(new[] { Json.Deployment("d0") }, true, "c")));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var all = await client.Deployments.ListAsync(new DeploymentQuery { ProjectId = "p1", First = 1 }, CancellationToken.None).ToListAsync();

        Assert.Single(all);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(1, Variables(server.Requests[0]).GetProperty("first").GetInt32());
    }

    [Fact]
    public async Task StatusesGoToTheServerAsRailwayNames()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.DeploymentsPage(Array.Empty<string>(), false, null)));
        using var client = new RailwayClient(TransportFactory.Create(server));

        await client.Deployments.ListAsync(
            new DeploymentQuery { ProjectId = "p1", ServiceId = "s1", Statuses = new[] { DeploymentStatus.Failed, DeploymentStatus.NeedsApproval } },
            CancellationToken.None).ToListAsync();

        var input = Variables(Assert.Single(server.Requests)).GetProperty("input");
        Assert.Equal("p1", input.GetProperty("projectId").GetString());
        Assert.Equal("s1", input.GetProperty("serviceId").GetString());
        Assert.Equal(new[] { "FAILED", "NEEDS_APPROVAL" }, input.GetProperty("status").GetProperty("in").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ACommitPrefixFiltersOnOurSide()
    {
        var nodes = new[]
        {
            Json.Deployment("d0", commit: "aaaaaaa0000000000000000000000000000000"),
            Json.Deployment("d1", commit: "bbbbbbb1111111111111111111111111111111"),
            Json.Deployment("d2", commit: "AAAAAAA2222222222222222222222222222222"),
        };
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.DeploymentsPage(nodes, false, null)));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var found = await client.Deployments.ListAsync(new DeploymentQuery { ProjectId = "p1", CommitSha = "aaaaaaa" }, CancellationToken.None).ToListAsync();

        Assert.Equal(new[] { "d0", "d2" }, found.Select(d => d.DeploymentId));
    }
}

internal static class AsyncEnumerableExtensions
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
