using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class TransportRequestTests
{
    [Fact]
    public async Task PostsQueryVariablesAndOperationNameAsJson()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json("""{"data":{"project":{"id":"p1","name":"demo"}}}"""));
        using var transport = TransportFactory.Create(server);

        await transport.QueryAsync("Project", new JsonObject { ["id"] = "p1" }, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/graphql/v2", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(OperationCatalog.Get("Project"), body.RootElement.GetProperty("query").GetString());
        Assert.Equal("Project", body.RootElement.GetProperty("operationName").GetString());
        Assert.Equal("p1", body.RootElement.GetProperty("variables").GetProperty("id").GetString());
    }

    [Fact]
    public async Task PostsTheOperationWithTheSharedFragmentsItSpreadsAppendedOnce()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json("{\"data\":{\"deployment\":" + Json.Deployment("d1") + "}}"));
        using var transport = TransportFactory.Create(server);

        await transport.QueryAsync("Deployment", new JsonObject { ["id"] = "d1" }, CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        var query = body.RootElement.GetProperty("query").GetString()!;
        Assert.Equal(OperationCatalog.Get("Deployment"), query);
        Assert.StartsWith(OperationCatalog.Source("Deployment").TrimEnd(), query, StringComparison.Ordinal);
        Assert.Single(query.Split("fragment DeploymentFields on Deployment", StringSplitOptions.None).Skip(1));
    }

    [Fact]
    public async Task SendsSourceAndUserAgentHeadersWithTheModuleVersion()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects));
        using var transport = TransportFactory.Create(server);

        await transport.QueryAsync("Projects", null, CancellationToken.None);

        var headers = Assert.Single(server.Requests).Headers;
        Assert.Equal($"RailwayOps/{GraphQLTransport.Version}", headers["x-source"]);
        Assert.Equal($"RailwayOps/{GraphQLTransport.Version} (PowerShell)", headers["User-Agent"]);
    }

    [Fact]
    public async Task AccountTokenTravelsAsBearerAndNothingElse()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects));
        using var transport = TransportFactory.Create(server, TransportFactory.Account());

        await transport.QueryAsync("Projects", null, CancellationToken.None);

        var headers = Assert.Single(server.Requests).Headers;
        Assert.Equal("Bearer " + TransportFactory.AccountToken, headers["Authorization"]);
        Assert.False(headers.ContainsKey("Project-Access-Token"));
    }

    [Fact]
    public async Task ProjectTokenTravelsAsProjectAccessTokenAndNothingElse()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects));
        using var transport = TransportFactory.Create(server, TransportFactory.Project());

        await transport.QueryAsync("Projects", null, CancellationToken.None);

        var headers = Assert.Single(server.Requests).Headers;
        Assert.Equal(TransportFactory.ProjectToken, headers["Project-Access-Token"]);
        Assert.False(headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task CountsRequestsPerOperation()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Json.EmptyProjects));
        using var transport = TransportFactory.Create(server);

        await transport.QueryAsync("Projects", null, CancellationToken.None);
        await transport.QueryAsync("Projects", null, CancellationToken.None);

        Assert.Equal(2, transport.Counter["Projects"]);
        Assert.Equal(2, transport.Counter.Total);
        Assert.Equal(0, transport.Counter["Deployments"]);
    }
}
