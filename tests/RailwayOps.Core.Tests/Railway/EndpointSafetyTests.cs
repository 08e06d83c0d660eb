using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Transport;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class EndpointSafetyTests
{
    [Theory]
    [InlineData("http://backboard.example.com/graphql/v2")]
    [InlineData("http://10.0.0.5:8080/graphql/v2")]
    public void RefusesToSendATokenOverPlainHttpToARemoteHost(string endpoint)
    {
        var exception = Assert.Throws<RailwayApiException>(() => new GraphQLTransport(new GraphQLTransportOptions
        {
            Endpoint = new Uri(endpoint),
            Credential = TransportFactory.Account(),
        }));

        Assert.Equal(RailwayApiErrorKind.InsecureEndpoint, exception.Kind);
        Assert.DoesNotContain(TransportFactory.AccountToken, exception.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/graphql/v2")]
    [InlineData("http://localhost:5000/graphql/v2")]
    [InlineData("http://[::1]:5000/graphql/v2")]
    [InlineData("https://backboard.railway.com/graphql/v2")]
    public void AllowsHttpsAndLoopback(string endpoint)
    {
        using var transport = new GraphQLTransport(new GraphQLTransportOptions { Endpoint = new Uri(endpoint), Credential = TransportFactory.Account() });

        Assert.Equal(new Uri(endpoint), transport.Endpoint);
    }

    [Fact]
    public void AllowsPlainHttpWhenNoTokenIsSent()
    {
        using var transport = new GraphQLTransport(new GraphQLTransportOptions { Endpoint = new Uri("http://example.com/graphql/v2") });

        Assert.NotNull(transport);
    }
}
