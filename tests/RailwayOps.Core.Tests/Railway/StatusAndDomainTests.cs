using System.Text.Json;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

/// <summary>The status read costs one request with a project id and two with a name; the URL is the CLI's pick
/// (first custom domain, else first service domain); a custom domain carries its DNS records without Railway's prefixes.</summary>
public sealed class StatusAndDomainTests
{
    private const string ProjectId = "5b0c3c2e-5b1f-4a3e-9d7e-0c1f2a3b4c5d";
    private const string EnvironmentId = "6c1d4d3f-6c2a-4b4f-8e8f-1d2a3b4c5d6e";

    private static string Status(string customDomains = "[]") => """
        {"data":{"project":{"id":"@P","name":"demo","description":null,"createdAt":"2026-11-01T00:00:00Z","updatedAt":"2026-11-02T00:00:00Z","workspaceId":"w",
          "environments":{"edges":[
            {"node":{"id":"@E","name":"production","projectId":"@P","isEphemeral":false,"createdAt":"2026-11-01T00:00:00Z",
              "serviceInstances":{"edges":[
                {"node":{"serviceId":"s-web","serviceName":"web","numReplicas":2,
                  "latestDeployment":{"id":"d-1","status":"SUCCESS","createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-01T10:01:00Z","projectId":"@P","environmentId":"@E","serviceId":"s-web","meta":{"commitHash":"abc1234def"},"canRedeploy":true,"canRollback":false,"deploymentStopped":false},
                  "domains":{"serviceDomains":[{"domain":"web-production-1a2b3.up.railway.app"}],"customDomains":@C}}},
                {"node":{"serviceId":"s-api","serviceName":"api","numReplicas":null,"latestDeployment":null,
                  "domains":{"serviceDomains":[],"customDomains":[]}}}],"pageInfo":{"hasNextPage":false}}}},
            {"node":{"id":"e-2","name":"staging","projectId":"@P","isEphemeral":false,"createdAt":"2026-11-01T00:00:00Z",
              "serviceInstances":{"edges":[],"pageInfo":{"hasNextPage":false}}}}],"pageInfo":{"hasNextPage":false}}}}}
        """.Replace("@P", ProjectId).Replace("@E", EnvironmentId).Replace("@C", customDomains);

    private static string OperationOf(RecordedRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("operationName").GetString()!;

    [Fact]
    public async Task AProjectIdCostsOneRequestAndEachServiceHasItsLatestDeploymentUrlAndReplicas()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Status()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var report = await client.Status.GetAsync(ProjectId, "PRODUCTION", CancellationToken.None);

        Assert.Equal(new[] { "ProjectStatus" }, server.Requests.Select(OperationOf));
        Assert.Equal(new[] { "api", "web" }, report.Services.Select(s => s.ServiceName));
        var web = report.Services[1];
        Assert.Equal("d-1", web.DeploymentId);
        Assert.Equal(DeploymentStatus.Success, web.Status);
        Assert.Equal(new Uri("https://web-production-1a2b3.up.railway.app/"), web.Url);
        Assert.Equal(2, web.Replicas);
        Assert.True(web.Age > TimeSpan.Zero);
        Assert.Null(report.Services[0].DeploymentId);
        Assert.Null(report.Services[0].Url);
        Assert.False(report.Truncated);
    }

    [Fact]
    public async Task AProjectNameCostsTheProjectListFirst()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => OperationOf(request) == "Projects"
            ? StubResponse.Json("""{"data":{"projects":{"edges":[{"node":{"id":"@P","name":"demo"}}],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}""".Replace("@P", ProjectId))
            : StubResponse.Json(Status()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var report = await client.Status.GetAsync("demo", null, CancellationToken.None);

        Assert.Equal(new[] { "Projects", "ProjectStatus" }, server.Requests.Select(OperationOf));
        Assert.Equal(2, report.Services.Count);
    }

    [Fact]
    public async Task ACustomDomainIsTheUrlAsTheCliPicksIt()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Status("""[{"domain":"api.example.com"}]""")));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var web = (await client.Status.GetAsync(ProjectId, EnvironmentId, CancellationToken.None)).Services.Single(s => s.ServiceName == "web");

        Assert.Equal(new Uri("https://api.example.com/"), web.Url);
        Assert.Equal(new[] { "web-production-1a2b3.up.railway.app", "api.example.com" }, web.Domains);
    }

    [Fact]
    public async Task AnEnvironmentTheProjectDoesNotHaveIsNotFoundListingItsEnvironments()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json(Status()));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var exception = await Assert.ThrowsAsync<RailwayApiException>(() => client.Status.GetAsync(ProjectId, "qa", CancellationToken.None));

        Assert.Equal(RailwayApiErrorKind.NotFound, exception.Kind);
        Assert.Equal(RailwayResourceKind.Environment, exception.Resource);
        Assert.Contains("production", exception.Message, StringComparison.Ordinal);
        Assert.Contains("staging", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACustomDomainCarriesItsDnsRecordWithoutRailwaysPrefixes()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json("""
            {"data":{"customDomainCreate":{"id":"c-1","domain":"api.example.com","environmentId":"e","serviceId":"s","targetPort":null,"syncStatus":"CREATING",
              "status":{"verified":false,"certificateStatus":"CERTIFICATE_STATUS_TYPE_VALIDATING_OWNERSHIP","dnsRecords":[
                {"recordType":"DNS_RECORD_TYPE_CNAME","fqdn":"api.example.com","hostlabel":"api","zone":"example.com","requiredValue":"x.up.railway.app","currentValue":"","status":"DNS_RECORD_STATUS_REQUIRES_UPDATE"}]}}}}
            """));
        using var client = new RailwayClient(TransportFactory.Create(server));

        var domain = await client.Domains.CreateCustomDomainAsync(ProjectId, EnvironmentId, "s", "api.example.com", null, CancellationToken.None);

        Assert.Equal(RailwayDomainKind.Custom, domain.Kind);
        Assert.False(domain.Verified);
        var record = Assert.Single(domain.DnsRecords);
        Assert.Equal("CNAME", record.Type);
        Assert.Equal("REQUIRES_UPDATE", record.Status);
        Assert.Equal("x.up.railway.app", record.RequiredValue);
        var sent = JsonDocument.Parse(server.Requests.Single().Body).RootElement;
        Assert.Equal("CustomDomainCreate", sent.GetProperty("operationName").GetString());
        Assert.Equal("api.example.com", sent.GetProperty("variables").GetProperty("input").GetProperty("domain").GetString());
    }

    [Theory]
    [InlineData("pr-123", true)]
    [InlineData("staging_2", true)]
    [InlineData("-pr", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    [InlineData("ünï", false)]
    public void EnvironmentNamesFollowTheRule(string name, bool valid) =>
        Assert.Equal(valid, EnvironmentsClient.IsValidName(name));

    [Fact]
    public async Task AForkSendsItsSourceAndTheFlagsInOneEnvironmentCreate()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json("""
            {"data":{"environmentCreate":{"id":"e-new","name":"pr-1","projectId":"@P","isEphemeral":true,"createdAt":"2026-11-01T00:00:00Z","sourceEnvironment":{"id":"@E"}}}}
            """.Replace("@P", ProjectId).Replace("@E", EnvironmentId)));
        using var client = new RailwayClient(TransportFactory.Create(server));
        var project = new RailwayProject { ProjectId = ProjectId, Name = "demo" };

        var created = await client.Environments.CreateAsync(project, "pr-1", EnvironmentId, ephemeral: true, skipInitialDeploys: true, CancellationToken.None);

        Assert.Equal(EnvironmentId, created.SourceEnvironmentId);
        Assert.Equal("demo", created.ProjectName);
        var input = JsonDocument.Parse(server.Requests.Single().Body).RootElement.GetProperty("variables").GetProperty("input");
        Assert.Equal(EnvironmentId, input.GetProperty("sourceEnvironmentId").GetString());
        Assert.True(input.GetProperty("ephemeral").GetBoolean());
        Assert.True(input.GetProperty("skipInitialDeploys").GetBoolean());
        Assert.Single(server.Requests);
    }
}
