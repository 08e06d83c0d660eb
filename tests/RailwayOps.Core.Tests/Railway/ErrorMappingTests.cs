using RailwayOps.Core.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>Each way Railway (or a proxy in front of it) can fail maps to one typed error.</summary>
public sealed class ErrorMappingTests
{
    private static async Task<RailwayApiException> FailOnce(StubResponse response, Core.Auth.RailwayCredential? credential = null)
    {
        await using var server = LoopbackServer.GraphQL((_, _) => response);
        using var transport = TransportFactory.Create(server, credential, maxAttempts: 1);
        return await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));
    }

    [Fact]
    public async Task NotAuthorizedBecomesUnauthorizedNamingTheTokenSourceNotTheToken()
    {
        var exception = await FailOnce(StubResponse.Json(Json.Errors("Not Authorized")), TransportFactory.Account("RAILWAY_API_TOKEN"));

        Assert.Equal(RailwayApiErrorKind.Unauthorized, exception.Kind);
        Assert.Contains("RAILWAY_API_TOKEN", exception.Message);
        Assert.DoesNotContain(TransportFactory.AccountToken, exception.Message);
        Assert.Equal("Not Authorized", exception.ServerMessage);
    }

    [Fact]
    public async Task ProjectTokenRefusalNamesRailwayToken()
    {
        var exception = await FailOnce(StubResponse.Json(Json.Errors("Not Authorized")), TransportFactory.Project());

        Assert.Equal(RailwayApiErrorKind.Unauthorized, exception.Kind);
        Assert.Contains("RAILWAY_TOKEN", exception.Message);
    }

    [Theory]
    [InlineData("Project not found")]
    [InlineData("Deployment not found")]
    [InlineData("Commit not found")]
    public async Task NotFoundMessagesBecomeNotFound(string message)
    {
        var exception = await FailOnce(StubResponse.Json(Json.Errors(message)));

        Assert.Equal(RailwayApiErrorKind.NotFound, exception.Kind);
        Assert.Contains(message, exception.Message);
    }

    [Fact]
    public async Task OtherGraphQLErrorsKeepTheServerMessage()
    {
        var exception = await FailOnce(StubResponse.Json(Json.Errors("Field 'x' is not defined")));

        Assert.Equal(RailwayApiErrorKind.GraphQL, exception.Kind);
        Assert.Contains("Field 'x' is not defined", exception.Message);
    }

    [Fact]
    public async Task GraphQLErrorsOnA400AreStillRead()
    {
        var exception = await FailOnce(new StubResponse(400, Json.Errors("Variable '$id' is invalid")));

        Assert.Equal(RailwayApiErrorKind.GraphQL, exception.Kind);
    }

    [Theory]
    [InlineData(401, RailwayApiErrorKind.Unauthorized)]
    [InlineData(403, RailwayApiErrorKind.Forbidden)]
    [InlineData(500, RailwayApiErrorKind.Transport)]
    [InlineData(502, RailwayApiErrorKind.Transport)]
    [InlineData(503, RailwayApiErrorKind.Transport)]
    public async Task HttpStatusesMapToKinds(int status, RailwayApiErrorKind expected)
    {
        var exception = await FailOnce(new StubResponse(status, """{"message":"nope"}"""));

        Assert.Equal(expected, exception.Kind);
        Assert.Equal(status, exception.StatusCode);
    }

    [Fact]
    public async Task TooManyRequestsCarriesRetryAfter()
    {
        var exception = await FailOnce(new StubResponse(429, "slow down", "text/plain") { Headers = new Dictionary<string, string> { ["Retry-After"] = "7" } });

        Assert.Equal(RailwayApiErrorKind.RateLimited, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
    }

    [Fact]
    public async Task MalformedJsonIsAnInvalidResponse()
    {
        var exception = await FailOnce(StubResponse.Json("""{"data": {"projects": """));

        Assert.Equal(RailwayApiErrorKind.InvalidResponse, exception.Kind);
    }

    [Fact]
    public async Task AnHtmlPageIsAnInvalidResponseNotAJsonError()
    {
        var exception = await FailOnce(new StubResponse(200, "<html><body>Gateway login</body></html>", "text/html"));

        Assert.Equal(RailwayApiErrorKind.InvalidResponse, exception.Kind);
        Assert.Contains("HTML", exception.Message);
    }

    [Fact]
    public async Task AnHtmlBadGatewayIsATransportFailure()
    {
        var exception = await FailOnce(new StubResponse(502, "<html><h1>502 Bad Gateway</h1></html>", "text/html"));

        Assert.Equal(RailwayApiErrorKind.Transport, exception.Kind);
        Assert.Contains("502", exception.Message);
    }

    [Fact]
    public async Task SuccessWithoutDataIsAnInvalidResponse()
    {
        var exception = await FailOnce(StubResponse.Json("""{"data":null}"""));

        Assert.Equal(RailwayApiErrorKind.InvalidResponse, exception.Kind);
    }

    [Fact]
    public async Task ASlowServerIsATimeout()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects) with { Delay = TimeSpan.FromSeconds(30) });
        using var transport = TransportFactory.Create(server, timeout: TimeSpan.FromMilliseconds(200), maxAttempts: 1);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.Timeout, exception.Kind);
    }

    [Fact]
    public async Task ADroppedConnectionIsATransportFailure()
    {
        var exception = await FailOnce(StubResponse.Json(Json.EmptyProjects) with { DropConnection = true });

        Assert.Equal(RailwayApiErrorKind.Transport, exception.Kind);
    }

    [Fact]
    public async Task AServerThatIsDownIsATransportFailure()
    {
        Uri endpoint;
        await using (var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects)))
        {
            endpoint = server.Endpoint;
        }

        using var transport = new Core.Railway.Transport.GraphQLTransport(new Core.Railway.Transport.GraphQLTransportOptions
        {
            Endpoint = endpoint,
            Credential = TransportFactory.Account(),
            Retry = new Core.Resilience.RetryOptions { MaxAttempts = 1 },
        });

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => transport.QueryAsync("Projects", null, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.Transport, exception.Kind);
    }

    [Fact]
    public async Task ATokenEchoedByTheServerIsRedactedFromMessages()
    {
        var exception = await FailOnce(StubResponse.Json(Json.Errors("token " + TransportFactory.AccountToken + " is bad")));

        Assert.DoesNotContain(TransportFactory.AccountToken, exception.Message);
        Assert.DoesNotContain(TransportFactory.AccountToken, exception.ServerMessage);
    }

    [Fact]
    public async Task CallerCancellationIsNotReportedAsATimeout()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects) with { Delay = TimeSpan.FromSeconds(30) });
        using var transport = TransportFactory.Create(server, maxAttempts: 1);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.QueryAsync("Projects", null, cancellation.Token));
    }
}
