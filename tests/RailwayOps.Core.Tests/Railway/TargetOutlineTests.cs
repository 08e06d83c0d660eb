using System.Text.Json;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>A target given by ids costs one request, and a listing by ids does not wait for it.</summary>
public sealed class TargetOutlineTests
{
    private const string ProjectId = "5b0c3c2e-5b1f-4a3e-9d7e-0c1f2a3b4c5d";
    private const string EnvironmentId = "6c1d4d3f-6c2a-4b4f-8e8f-1d2a3b4c5d6e";
    private const string ServiceId = "7d2e5e4a-7d3b-4c5a-9f9a-2e3b4c5d6e7f";

    private static string Outline(bool moreEnvironments = false, bool moreServices = false) => Ids("""
        {"data":{"project":{"id":"@P","name":"demo","description":null,"createdAt":"2026-11-01T00:00:00Z","updatedAt":"2026-11-02T00:00:00Z","workspaceId":"w",
          "environments":{"edges":[{"node":{"id":"@E","name":"production","projectId":"@P","isEphemeral":false}}],"pageInfo":{"hasNextPage":@ME}},
          "services":{"edges":[{"node":{"id":"@S","name":"web","projectId":"@P"}}],"pageInfo":{"hasNextPage":@MS}}}}}
        """).Replace("@ME", moreEnvironments ? "true" : "false").Replace("@MS", moreServices ? "true" : "false");

    private static string Ids(string json) => json.Replace("@P", ProjectId).Replace("@E", EnvironmentId).Replace("@S", ServiceId);

    private static string OperationOf(RecordedRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("operationName").GetString()!;

    private static RailwayContext ContextFor(string project, string? environment = null, string? service = null) =>
        new ContextResolver(new FakeEnvironment()).Resolve(
            new ResolutionRequest { Credential = TransportFactory.Account(), Project = project, Environment = environment, Service = service }, null);

    [Fact]
    public async Task AProjectGivenByIdResolvesItsEnvironmentAndServiceInOneRequest()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var target = await client.Projects.ResolveTargetAsync(ContextFor(ProjectId, "production", "web"), CancellationToken.None);

        Assert.Equal("demo", target!.Project.Name);
        Assert.Equal(EnvironmentId, target.Environment!.EnvironmentId);
        Assert.Equal(ServiceId, target.Service!.ServiceId);
        Assert.Equal(new[] { "ProjectOutline" }, server.Requests.Select(OperationOf));
    }

    [Fact]
    public async Task AProjectGivenByNameTakesTheListThenTheOutline()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "Projects"
            ? StubResponse.Json(Ids("""{"data":{"projects":{"edges":[{"node":{"id":"@P","name":"demo"}}],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}"""))
            : StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var target = await client.Projects.ResolveTargetAsync(ContextFor("demo", EnvironmentId, "WEB"), CancellationToken.None);

        Assert.Equal("production", target!.Environment!.Name);
        Assert.Equal("web", target.Service!.Name);
        Assert.Equal(new[] { "Projects", "ProjectOutline" }, server.Requests.Select(OperationOf));
    }

    [Fact]
    public async Task AnEnvironmentBeyondTheOutlinesFirstPageIsStillFound()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "Environments"
            ? StubResponse.Json(Ids("""{"data":{"environments":{"edges":[{"node":{"id":"e-9","name":"pr-9","projectId":"@P","isEphemeral":true}}],"pageInfo":{"hasNextPage":false}}}}"""))
            : StubResponse.Json(Outline(moreEnvironments: true)));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var target = await client.Projects.ResolveTargetAsync(ContextFor(ProjectId, "pr-9"), CancellationToken.None);

        Assert.Equal("e-9", target!.Environment!.EnvironmentId);
    }

    [Fact]
    public async Task AnUnknownServiceInACompleteOutlineIsNotFoundWithoutListingAgain()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => client.Projects.ResolveTargetAsync(ContextFor(ProjectId, service: "api"), CancellationToken.None));

        Assert.Equal(RailwayResourceKind.Service, exception.Resource);
        Assert.Contains("'api'", exception.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AnUnknownProjectIdFallsBackToTheListAndIsNotFound()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "Projects"
            ? StubResponse.Json(Json.EmptyProjects)
            : StubResponse.Json(Json.Errors("Project not found")));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => client.Projects.ResolveTargetAsync(ContextFor(ProjectId, "production"), CancellationToken.None));

        Assert.Equal(RailwayResourceKind.Project, exception.Resource);
        Assert.Equal(RailwayApiErrorKind.NotFound, exception.Kind);
    }

    [Theory]
    [InlineData(ProjectId, EnvironmentId, ServiceId, true)]
    [InlineData(ProjectId, null, null, true)]
    [InlineData(ProjectId, "production", ServiceId, false)]
    [InlineData("demo", EnvironmentId, ServiceId, false)]
    public async Task OnlyTargetsGivenWhollyByIdsAreListedBeforeResolving(string project, string? environment, string? service, bool expected)
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        Assert.Equal(expected, client.Deployments.CanListBeforeResolving(ContextFor(project, environment, service)));
    }

    [Fact]
    public async Task AProjectTokenIsNeverListedBeforeResolving()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server, TransportFactory.Project()));
        var context = new ContextResolver(new FakeEnvironment()).Resolve(
            new ResolutionRequest { Credential = TransportFactory.Project(), Project = ProjectId }, null);

        Assert.False(client.Deployments.CanListBeforeResolving(context));
    }

    [Fact]
    public async Task TheFirstPageIsAskedForWhileTheTargetIsBeingChecked()
    {
        using var pageAsked = new ManualResetEventSlim();
        await using var server = LoopbackServer.GraphQL((request, _) =>
        {
            if (OperationOf(request) == "Deployments")
            {
                pageAsked.Set();
                return StubResponse.Json(Json.DeploymentsPage(new[] { Json.Deployment("d-1"), Json.Deployment("d-2") }, false, null));
            }

            // The check answers only once the page has been asked for: a client that waited for it would stall here.
            return pageAsked.Wait(TimeSpan.FromSeconds(10)) ? StubResponse.Json(Outline()) : StubResponse.Json(Json.Errors("the page was not asked for"));
        });
        using var client = new RailwayClient(TransportFactory.Create(server));
        ResolvedTarget? resolved = null;

        var deployments = new List<RailwayDeployment>();
        await foreach (var deployment in client.Deployments.ListAsync(ContextFor(ProjectId, EnvironmentId, ServiceId), new DeploymentQuery(), target => resolved = target, CancellationToken.None))
        {
            deployments.Add(deployment);
        }

        Assert.Equal(new[] { "d-1", "d-2" }, deployments.Select(each => each.DeploymentId));
        Assert.Equal("web", resolved!.Service!.Name);
        var page = JsonDocument.Parse(server.Requests.Single(request => OperationOf(request) == "Deployments").Body).RootElement.GetProperty("variables").GetProperty("input");
        Assert.Equal(ServiceId, page.GetProperty("serviceId").GetString());
    }

    [Fact]
    public async Task AFailedCheckIsTheListingsErrorAndNothingIsReturned()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) switch
        {
            "Deployments" => StubResponse.Json(Json.DeploymentsPage(new[] { Json.Deployment("d-1") }, false, null)),
            _ => StubResponse.Json(Outline()),
        });
        using var client = new RailwayClient(TransportFactory.Create(server));
        var unknownService = "8e3f6f5b-8e4c-4d6b-8a0b-3f4c5d6e7f80";
        var deployments = new List<RailwayDeployment>();

        var exception = await Assert.ThrowsAsync<RailwayApiException>(async () =>
        {
            await foreach (var deployment in client.Deployments.ListAsync(ContextFor(ProjectId, EnvironmentId, unknownService), new DeploymentQuery(), _ => { }, CancellationToken.None))
            {
                deployments.Add(deployment);
            }
        });

        Assert.Equal(RailwayResourceKind.Service, exception.Resource);
        Assert.Empty(deployments);
    }

    [Fact]
    public async Task AProjectTokenReadsItsScopeOnceAndItsProjectOnce()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "ProjectToken"
            ? StubResponse.Json(Ids("""{"data":{"projectToken":{"projectId":"@P","environmentId":"@E","project":{"id":"@P","name":"demo"},"environment":{"id":"@E","name":"production"}}}}"""))
            : StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server, TransportFactory.Project()));
        var context = new ContextResolver(new FakeEnvironment()).Resolve(
            new ResolutionRequest { Credential = TransportFactory.Project(), Service = "web" }, null);

        var target = await client.Projects.ResolveTargetAsync(context, CancellationToken.None);

        Assert.Equal("production", target!.Environment!.Name);
        Assert.Equal(ServiceId, target.Service!.ServiceId);
        Assert.Equal(new[] { "ProjectToken", "ProjectOutline" }, server.Requests.Select(OperationOf));
    }

    [Fact]
    public async Task AProjectTokenRefusesAProjectOutsideItsScope()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "ProjectToken"
            ? StubResponse.Json(Ids("""{"data":{"projectToken":{"projectId":"@P","environmentId":"@E","project":{"id":"@P","name":"demo"},"environment":{"id":"@E","name":"production"}}}}"""))
            : StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server, TransportFactory.Project()));
        var context = new ContextResolver(new FakeEnvironment()).Resolve(
            new ResolutionRequest { Credential = TransportFactory.Project(), Project = "shop" }, null);

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => client.Projects.ResolveTargetAsync(context, CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.NotFound, exception.Kind);
        Assert.Equal(RailwayResourceKind.Project, exception.Resource);
        Assert.Contains("'shop'", exception.Message);
    }

    [Fact]
    public async Task ADeploymentOfADeletedServiceListedBeforeTheCheckStillCarriesTheProjectName()
    {
        var orphan = Json.Deployment("d-gone").Replace("\"service\":{\"id\":\"s1\",\"name\":\"web\",\"project\":{\"id\":\"p1\",\"name\":\"demo\"} }", "\"service\":null");
        Assert.Contains("\"service\":null", orphan);
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "Deployments"
            ? StubResponse.Json(Json.DeploymentsPage(new[] { orphan }, false, null))
            : StubResponse.Json(Outline()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var deployments = new List<RailwayDeployment>();
        await foreach (var deployment in client.Deployments.ListAsync(ContextFor(ProjectId, EnvironmentId, ServiceId), new DeploymentQuery { IncludeDeleted = true }, _ => { }, CancellationToken.None))
        {
            deployments.Add(deployment);
        }

        Assert.Equal("demo", Assert.Single(deployments).ProjectName);
    }
}
