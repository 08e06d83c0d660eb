using System.Text.Json;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>deployments over a generated history: newest first, cursors, status filters.</summary>
public sealed class GraphPaginationTests : IAsyncLifetime
{
    private const int Generated = 3000;
    private TestEmulator _emulator = null!;
    private string _environmentId = null!;

    private static string Seed => JsonSerializer.Serialize(new
    {
        tokens = new[] { new { kind = "account", value = TestEmulator.AccountToken } },
        projects = new[]
        {
            new
            {
                name = "bench",
                environments = new[] { new { name = "production" } },
                services = new[]
                {
                    new
                    {
                        name = "api",
                        generatedDeployments = new { environment = "production", count = Generated },
                        deployments = new[] { new { environment = "production", status = "SUCCESS", createdAt = "2026-11-26T12:00:00Z", commitHash = "newest" } },
                    },
                },
            },
        },
    });

    private const string Query = """
        query Page($input: DeploymentListInput!, $first: Int, $after: String, $last: Int, $before: String) {
          deployments(input: $input, first: $first, after: $after, last: $last, before: $before) {
            edges { cursor node { id status createdAt meta } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync(Seed);
        var data = await _emulator.Account.DataAsync("{ projects { edges { node { environments { edges { node { id } } } } } } }");
        _environmentId = data.GetProperty("projects").GetProperty("edges")[0].GetProperty("node").GetProperty("environments")
            .GetProperty("edges")[0].GetProperty("node").GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task<JsonElement> PageAsync(object variables) =>
        (await _emulator.Account.DataAsync(Query, variables)).GetProperty("deployments");

    private static List<JsonElement> Nodes(JsonElement connection) =>
        connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();

    [Fact]
    public async Task WalkingAllPagesYieldsEveryDeploymentOnceNewestFirst()
    {
        var seen = new List<JsonElement>();
        string? after = null;
        while (true)
        {
            var page = await PageAsync(new { input = new { environmentId = _environmentId }, first = 500, after });
            seen.AddRange(Nodes(page));
            var info = page.GetProperty("pageInfo");
            if (!info.GetProperty("hasNextPage").GetBoolean())
                break;
            after = info.GetProperty("endCursor").GetString();
        }
        Assert.Equal(Generated + 1, seen.Count);
        Assert.Equal(seen.Count, seen.Select(n => n.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal("newest", seen[0].GetProperty("meta").GetProperty("commitHash").GetString());
        var times = seen.Select(n => DateTimeOffset.Parse(n.GetProperty("createdAt").GetString()!)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public async Task StatusInAndNotInFilterThePages()
    {
        var failed = Nodes(await PageAsync(new { input = new { environmentId = _environmentId, status = new { @in = new[] { "FAILED" } } } }));
        Assert.NotEmpty(failed);
        Assert.All(failed, n => Assert.Equal("FAILED", n.GetProperty("status").GetString()));

        var notRemoved = Nodes(await PageAsync(new { input = new { environmentId = _environmentId, status = new { notIn = new[] { "REMOVED", "FAILED" } } } }));
        Assert.Equal(["SUCCESS"], notRemoved.Select(n => n.GetProperty("status").GetString()).Distinct().ToList());
        var all = Nodes(await PageAsync(new { input = new { environmentId = _environmentId } }));
        Assert.Equal(all.Count, failed.Count + notRemoved.Count + all.Count(n => n.GetProperty("status").GetString() == "REMOVED"));
    }

    [Fact]
    public async Task LastAndBeforePageBackwards()
    {
        var first = await PageAsync(new { input = new { environmentId = _environmentId }, first = 10 });
        var second = await PageAsync(new { input = new { environmentId = _environmentId }, first = 10,
            after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() });
        Assert.True(second.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
        var back = await PageAsync(new { input = new { environmentId = _environmentId }, last = 10,
            before = second.GetProperty("pageInfo").GetProperty("startCursor").GetString() });
        Assert.Equal(Nodes(first).Select(n => n.GetProperty("id").GetString()), Nodes(back).Select(n => n.GetProperty("id").GetString()));
        Assert.False(back.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean());
    }

    [Fact]
    public async Task AnInvalidCursorIsAnError()
    {
        var response = await _emulator.Account.SendAsync(Query, new { input = new { environmentId = _environmentId }, first = 1, after = "not-a-cursor" });
        Assert.Equal("Invalid cursor", response.FirstError);
    }
}
