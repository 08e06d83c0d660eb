using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>One builder for every request's headers: a token that cannot travel as a header value is refused before anything is sent.</summary>
public sealed class RequestHeaderTests
{
    public static TheoryData<string, string> UnsafeTokens => new()
    {
        { "tok-AAAA\r\nX-Injected: 1", "line break" },
        { "tok-AAAA\nX-Injected: 1", "line break" },
        { "tok-AAAA\rX", "line break" },
        { "tok-AA\u0000AA", "control character" },
        { "tok-AA\u001bAA", "control character" },
        { "tok-AA\u007fAA", "control character" },
        { "tok-AAé-AA", "non-ASCII" },
        { "tok-AA\u200bAA", "non-ASCII" },
        { "tok-AA AA", "space" },
    };

    [Theory]
    [MemberData(nameof(UnsafeTokens))]
    public async Task AnUnsafeTokenIsRefusedBeforeAnyConnection(string token, string what)
    {
        await using var server = new SilentServer();
        var credential = new RailwayCredential(token, RailwayTokenKind.Account, ValueSource.EnvironmentVariable("RAILWAY_API_TOKEN"));

        var exception = Assert.Throws<RailwayApiException>(() => new GraphQLTransport(new GraphQLTransportOptions { Endpoint = server.Endpoint, Credential = credential }));

        Assert.Equal(RailwayApiErrorKind.InvalidToken, exception.Kind);
        Assert.Contains(what, exception.Message, StringComparison.Ordinal);
        Assert.Contains("RAILWAY_API_TOKEN", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Injected", exception.Message, StringComparison.Ordinal);
        await Task.Delay(100);
        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [MemberData(nameof(UnsafeTokens))]
    public void TheWebSocketClientRefusesTheSameTokens(string token, string what)
    {
        var credential = new RailwayCredential(token, RailwayTokenKind.Project, ValueSource.EnvironmentVariable("RAILWAY_TOKEN"));

        var exception = Assert.Throws<RailwayApiException>(() => new GraphQLSubscriptionClient(new GraphQLTransportOptions { Endpoint = new Uri("http://127.0.0.1:9/graphql/v2"), Credential = credential }));

        Assert.Equal(RailwayApiErrorKind.InvalidToken, exception.Kind);
        Assert.Contains(what, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameHeadersServeHttpAndTheWebSocketUpgrade()
    {
        var headers = RequestHeaders.For(TransportFactory.Project());

        Assert.Equal(
            new[] { "User-Agent", "x-source", RailwayCredential.ProjectTokenHeader },
            headers.All.Select(header => header.Key));
        Assert.Equal(TransportFactory.ProjectToken, headers.All[^1].Value);
    }

    [Fact]
    public void AnyPrintableAsciiTokenPasses()
    {
        var printable = new string(Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).ToArray());

        Assert.Null(RequestHeaders.FindUnsafe(printable));
    }

    [Fact]
    public async Task AnInjectedHeaderNeverReachesTheWire()
    {
        // The landed code sent "X-Injected: 1" as a header of its own.
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects));
        var credential = new RailwayCredential("tok-AAAA\r\nX-Injected: 1", RailwayTokenKind.Account, ValueSource.Parameter("Token"));

        Assert.Throws<RailwayApiException>(() => new GraphQLTransport(new GraphQLTransportOptions { Endpoint = server.Endpoint, Credential = credential }));

        Assert.Equal(0, server.RequestCount);
    }
}
