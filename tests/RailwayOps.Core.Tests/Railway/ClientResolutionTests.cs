using System.Text.Json;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class ClientResolutionTests
{
    private const string ProjectsPage = """
        {"data":{"projects":{"edges":[
          {"node":{"id":"p-1","name":"Demo","description":null,"createdAt":"2026-11-01T00:00:00Z","updatedAt":"2026-11-02T00:00:00Z","workspaceId":"w"}},
          {"node":{"id":"p-2","name":"shop","description":"d","createdAt":"2026-11-01T00:00:00Z","updatedAt":"2026-11-02T00:00:00Z","workspaceId":"w"}}
        ],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}
        """;

    private static string OperationOf(RecordedRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("operationName").GetString()!;

    [Theory]
    [InlineData("demo", "p-1")]
    [InlineData("DEMO", "p-1")]
    [InlineData("p-2", "p-2")]
    public async Task AProjectResolvesByCaseInsensitiveNameOrById(string nameOrId, string expectedId)
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(ProjectsPage));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var project = await client.Projects.ResolveAsync(nameOrId, CancellationToken.None);

        Assert.Equal(expectedId, project.ProjectId);
    }

    [Fact]
    public async Task AnUnknownProjectIsNotFoundNamingTheTokenSource()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "Projects"
            ? StubResponse.Json(ProjectsPage)
            : StubResponse.Json(Json.Errors("Project not found")));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => client.Projects.ResolveAsync("nope", CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.NotFound, exception.Kind);
        Assert.Equal(RailwayResourceKind.Project, exception.Resource);
        Assert.Contains("'nope'", exception.Message);
        Assert.Contains("RAILWAY_API_TOKEN", exception.Message);
    }

    [Fact]
    public async Task AProjectTokenResolvesToItsOwnProjectAndEnvironment()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) switch
        {
            "ProjectToken" => StubResponse.Json("""{"data":{"projectToken":{"projectId":"p-1","environmentId":"e-1","project":{"id":"p-1","name":"Demo"},"environment":{"id":"e-1","name":"production"}}}}"""),
            "Project" => StubResponse.Json("""{"data":{"project":{"id":"p-1","name":"Demo"}}}"""),
            _ => StubResponse.Json("""{"data":{"project":{"id":"p-1","name":"Demo","environments":{"edges":[{"node":{"id":"e-1","name":"production","projectId":"p-1","isEphemeral":false}}],"pageInfo":{"hasNextPage":false}},"services":{"edges":[],"pageInfo":{"hasNextPage":false}}}}}"""),
        });
        using var client = new RailwayClient(TransportFactory.Create(server, TransportFactory.Project()));
        var context = new Core.Auth.ContextResolver(new FakeEnvironment()).Resolve(new Core.Auth.ResolutionRequest { Credential = TransportFactory.Project() }, null);

        var target = await client.Projects.ResolveTargetAsync(context, CancellationToken.None);

        Assert.Equal("p-1", target!.Project.ProjectId);
        Assert.Equal("production", target.Environment!.Name);
        Assert.DoesNotContain(server.Requests, request => OperationOf(request) == "Projects");
    }

    [Fact]
    public async Task ANameOutsideTheProjectTokensScopeIsNotFound()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "ProjectToken"
            ? StubResponse.Json("""{"data":{"projectToken":{"projectId":"p-1","environmentId":"e-1","project":{"id":"p-1","name":"Demo"},"environment":{"id":"e-1","name":"production"}}}}""")
            : StubResponse.Json("""{"data":{"project":{"id":"p-1","name":"Demo"}}}"""));
        using var client = new RailwayClient(TransportFactory.Create(server, TransportFactory.Project()));

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => client.Projects.ResolveAsync("shop", CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.NotFound, exception.Kind);
    }

    [Fact]
    public async Task AnEnvironmentWithoutAProjectIsAResolutionError()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(ProjectsPage));
        using var client = new RailwayClient(TransportFactory.Create(server));
        var context = new Core.Auth.ContextResolver(new FakeEnvironment()).Resolve(new Core.Auth.ResolutionRequest { Environment = "production" }, null);

        var exception = await Assert.ThrowsAsync<Core.Auth.ResolutionException>(() => client.Projects.ResolveTargetAsync(context, CancellationToken.None));

        Assert.Equal(Core.Auth.ResolutionErrorKind.ProjectRequired, exception.Kind);
    }

    [Fact]
    public void CreatingAClientWithoutATokenFailsClearly()
    {
        var context = new Core.Auth.ContextResolver(new FakeEnvironment()).Resolve(new Core.Auth.ResolutionRequest(), null);

        var exception = Assert.Throws<Core.Auth.ResolutionException>(() => RailwayClient.Create(context));

        Assert.Equal(Core.Auth.ResolutionErrorKind.NoToken, exception.Kind);
        Assert.Contains("RAILWAY_API_TOKEN", exception.Message);
    }
}
