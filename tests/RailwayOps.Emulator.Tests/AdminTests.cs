using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class AdminTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task LatencyIsAddedToApiRequestsOnly()
    {
        using (var set = await _emulator.AdminPostAsync("latency", new { ms = 250 }))
            set.EnsureSuccessStatusCode();
        using (await _emulator.Http.DeleteAsync(_emulator.Admin("journal"))) { }
        await _emulator.Account.DataAsync("query Me { me { id } }");
        var entry = Assert.Single((await _emulator.AdminGetAsync("journal")).GetProperty("entries").EnumerateArray());
        Assert.True(entry.GetProperty("durationMs").GetDouble() >= 250);

        using var refused = await _emulator.AdminPostAsync("latency", new { ms = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task SeedReplacesTheWholeState()
    {
        var seed = new
        {
            tokens = new[] { new { kind = "account", value = "fresh-token" } },
            projects = new[] { new { name = "fresh", environments = new[] { new { name = "production" } } } },
        };
        using (var response = await _emulator.Http.PostAsJsonAsync(_emulator.Admin("seed"), seed))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        Assert.Equal("Not Authorized", (await _emulator.Account.SendAsync("{ projects { edges { node { name } } } }")).FirstError);
        var fresh = new GraphQLTestClient(_emulator.Http, _emulator.Host.GraphqlUrl, bearer: "fresh-token");
        var data = await fresh.DataAsync("{ projects { edges { node { name } } } }");
        Assert.Equal("fresh", Assert.Single(data.GetProperty("projects").GetProperty("edges").EnumerateArray())
            .GetProperty("node").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnInvalidSeedIsRefusedAndTheStateKept()
    {
        using var content = new StringContent("{\"projects\":[{\"name\":\"x\",\"services\":[{\"name\":\"s\",\"deployments\":[{\"environment\":\"nowhere\"}]}]}]}",
            System.Text.Encoding.UTF8, "application/json");
        using var response = await _emulator.Http.PostAsync(_emulator.Admin("seed"), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await _emulator.Account.DataAsync("{ me { id } }");
    }
}
