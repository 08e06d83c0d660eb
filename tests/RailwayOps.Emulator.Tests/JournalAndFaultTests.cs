using System.Net;
using System.Text.Json;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class JournalAndFaultTests : IAsyncLifetime
{
    private const string ProjectsQuery = "query ListProjects { projects { edges { node { id } } } }";
    private TestEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task AddFaultAsync(object fault)
    {
        using var response = await _emulator.AdminPostAsync("faults", fault);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task JournalCountsRequestsPerOperationAndCanBeReset()
    {
        using (await _emulator.Http.DeleteAsync(_emulator.Admin("journal"))) { }
        await _emulator.Account.DataAsync(ProjectsQuery);
        await _emulator.Account.DataAsync(ProjectsQuery);
        await _emulator.Account.DataAsync("query Me { me { id } }", operationName: "Me");
        var journal = await _emulator.AdminGetAsync("journal");
        Assert.Equal(3, journal.GetProperty("total").GetInt32());
        Assert.Equal(2, journal.GetProperty("byOperation").GetProperty("ListProjects").GetInt32());
        Assert.Equal(1, journal.GetProperty("byOperation").GetProperty("Me").GetInt32());
        Assert.Equal(3, journal.GetProperty("entries").GetArrayLength());

        using (await _emulator.Http.DeleteAsync(_emulator.Admin("journal"))) { }
        Assert.Equal(0, (await _emulator.AdminGetAsync("journal")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task RetryAfterFaultAnswers429WithTheHeaderThenRecovers()
    {
        await AddFaultAsync(new { kind = "retryAfter", retryAfterSeconds = 7, count = 1 });
        var limited = await _emulator.Account.SendAsync(ProjectsQuery);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Message.Headers.RetryAfter?.Delta);
        var next = await _emulator.Account.SendAsync(ProjectsQuery);
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Null(next.FirstError);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task StatusFaultAnswersThatStatus(int status)
    {
        await AddFaultAsync(new { kind = "status", status });
        Assert.Equal((HttpStatusCode)status, (await _emulator.Account.SendAsync(ProjectsQuery)).Status);
    }

    [Fact]
    public async Task FaultsApplyOnlyToTheirOperationAndCountThenStop()
    {
        await AddFaultAsync(new { kind = "status", status = 503, operation = "ListProjects", count = 2 });
        Assert.Equal(HttpStatusCode.OK, (await _emulator.Account.SendAsync("query Me { me { id } }")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _emulator.Account.SendAsync(ProjectsQuery)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _emulator.Account.SendAsync(ProjectsQuery)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _emulator.Account.SendAsync(ProjectsQuery)).Status);
    }

    [Fact]
    public async Task MalformedFaultSendsABodyThatIsNotJson()
    {
        await AddFaultAsync(new { kind = "malformed" });
        var response = await _emulator.Account.SendAsync(ProjectsQuery).ContinueWith(t => t.Exception?.InnerException);
        Assert.IsAssignableFrom<JsonException>(response);
    }

    [Fact]
    public async Task HtmlFaultSendsAProxyErrorPage()
    {
        await AddFaultAsync(new { kind = "html", status = 502 });
        using var response = await _emulator.Http.PostAsync(_emulator.Host.GraphqlUrl, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>502 Bad Gateway</title>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GraphqlErrorFaultSendsTheMessage()
    {
        await AddFaultAsync(new { kind = "graphqlError", message = "Not Authorized" });
        var response = await _emulator.Account.SendAsync(ProjectsQuery);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Not Authorized", response.FirstError);
    }

    [Fact]
    public async Task ResetFaultAbortsTheConnection()
    {
        await AddFaultAsync(new { kind = "reset" });
        await Assert.ThrowsAsync<HttpRequestException>(() => _emulator.Account.SendAsync(ProjectsQuery));
        // Read at once: the entry is written before the connection is aborted, so there is no race to lose.
        var journal = await _emulator.AdminGetAsync("journal");
        var entry = Assert.Single(journal.GetProperty("entries").EnumerateArray(), e => e.TryGetProperty("fault", out var f) && f.GetString() == "reset");
        Assert.Equal(0, entry.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ClearingFaultsRemovesThem()
    {
        await AddFaultAsync(new { kind = "status", status = 500, count = -1 });
        using (await _emulator.Http.DeleteAsync(_emulator.Admin("faults"))) { }
        Assert.Equal(HttpStatusCode.OK, (await _emulator.Account.SendAsync(ProjectsQuery)).Status);
    }

    [Fact]
    public async Task AnUnknownFaultKindIsRefused()
    {
        using var response = await _emulator.AdminPostAsync("faults", new { kind = "meteor" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task StateDumpRedactsVariableValuesAndTokens()
    {
        using var response = await _emulator.Http.GetAsync(_emulator.Admin("state"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("GREETING", text);
        Assert.DoesNotContain("\"hello\"", text);
        Assert.DoesNotContain(TestEmulator.AccountToken, text);
    }
}
