using System.Net;
using System.Text;
using RailwayOps.Core.Events;
using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Secrets;
using RailwayOps.Core.Tests.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Secrets;

/// <summary>One redaction of URL user info, wherever a URL is shown.</summary>
public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("GET http://user:Hunter2Secret@127.0.0.1:9/api/health failed", "GET http://***@127.0.0.1:9/api/health failed")]
    [InlineData("https://tok3n@host/x and ftp://a:b@c", "https://***@host/x and ftp://***@c")]
    [InlineData("https://user:p@ss@host/x", "https://***@host/x")]
    [InlineData("mail me at ada@example.com about http://host/a?x=b@c", "mail me at ada@example.com about http://host/a?x=b@c")]
    [InlineData("no url here", "no url here")]
    public void MasksTheUserInfoOfEveryUrlInAText(string text, string expected)
    {
        Assert.Equal(expected, UrlRedaction.Redact(text));
    }

    [Fact]
    public void TheRedactorAppliesItEvenWithNoSecretRegistered()
    {
        Assert.Equal("at http://***@h/", new Redactor().Redact("at http://u:pw-secret@h/"));
    }

    [Fact]
    public void MasksAUri()
    {
        var uri = UrlRedaction.Redact(new Uri("http://user:Hunter2Secret@127.0.0.1:9/api/health"));

        Assert.DoesNotContain("Hunter2Secret", uri.ToString(), StringComparison.Ordinal);
        Assert.Equal("/api/health", uri.AbsolutePath);
        Assert.Equal(9, uri.Port);
    }

    [Fact]
    public async Task AHealthResultAndItsMessagesNeverShowThePassword()
    {
        var events = new RecordingEventSink();
        using var probe = new HealthProbe(events);

        var result = await probe.CheckAsync(new HealthProbeOptions(new Uri("http://user:Hunter2Secret@127.0.0.1:9/api/health")) { Timeout = TimeSpan.Zero }, CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.DoesNotContain("Hunter2Secret", result.Uri.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2Secret", result.LastError ?? string.Empty, StringComparison.Ordinal);
        Assert.All(events.Events, e => Assert.DoesNotContain("Hunter2Secret", e.Message, StringComparison.Ordinal));
        Assert.NotEmpty(events.Events);
    }

    [Fact]
    public void AnInvalidHealthUriIsNamedWithoutItsPassword()
    {
        var exception = Assert.Throws<InvalidHealthUriException>(() => new HealthProbeOptions(new Uri("ftp://user:Hunter2Secret@example.com/health")));

        Assert.DoesNotContain("Hunter2Secret", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2Secret", exception.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInsecureEndpointIsNamedWithoutItsPassword()
    {
        var exception = Assert.Throws<RailwayApiException>(() => new Core.Railway.Transport.GraphQLTransport(new Core.Railway.Transport.GraphQLTransportOptions
        {
            Endpoint = new Uri("http://user:Hunter2Secret@example.com/graphql/v2"),
            Credential = TransportFactory.Account(),
        }));

        Assert.Equal(RailwayApiErrorKind.InsecureEndpoint, exception.Kind);
        Assert.DoesNotContain("Hunter2Secret", exception.Message, StringComparison.Ordinal);
    }
}

/// <summary>Log lines reach the user as text: they pass the same redaction as messages.</summary>
public sealed class LogLineRedactionTests
{
    [Fact]
    public async Task LogLinesAndTheirAttributesAreRedactedLikeMessages()
    {
        var credential = TransportFactory.Account();
        const string line = "env: RAILWAY_API_TOKEN=" + TransportFactory.AccountToken + " REPO=https://bot:gh-secret-42@github.com/a/b.git";
        var body = "{\"data\":{\"deploymentLogs\":[{\"timestamp\":\"2026-11-27T10:00:00.1Z\",\"message\":\"" + line
            + "\",\"severity\":\"info\",\"attributes\":[{\"key\":\"token\",\"value\":\"\\\"" + TransportFactory.AccountToken + "\\\"\"}]}]}}";
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(body));
        using var client = new RailwayClient(TransportFactory.Create(server, credential));

        var lines = await client.Logs.GetAsync("d1", RailwayLogType.Deploy, new LogQuery { Limit = 10 }, CancellationToken.None);

        var only = Assert.Single(lines);
        Assert.DoesNotContain(TransportFactory.AccountToken, only.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("gh-secret-42", only.Message, StringComparison.Ordinal);
        Assert.Contains(Redactor.Mask, only.Message, StringComparison.Ordinal);
        Assert.Equal(Redactor.Mask, only.Attributes["token"]);
    }
}
