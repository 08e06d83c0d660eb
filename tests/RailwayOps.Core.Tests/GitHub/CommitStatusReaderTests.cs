using RailwayOps.Core.Auth;
using RailwayOps.Core.Git;
using RailwayOps.Core.GitHub;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.GitHub;

/// <summary>The Octokit-based reader over real HTTP against a stub of GitHub's Enterprise-style API.</summary>
public sealed class CommitStatusReaderTests
{
    private const string Token = "test-github-token-77c1";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static readonly GitHubRepositoryName Repository = new("acme", "shop");

    private static LoopbackServer GitHub() => LoopbackServer.GraphQL((request, _) => request.Path switch
    {
        var path when path.StartsWith("/api/v3/repos/acme/shop/commits/main/status", StringComparison.Ordinal) => StubResponse.Json($$"""
            {"state":"success","sha":"{{Sha}}","total_count":2,"statuses":[
              {"id":11,"state":"success","context":"railway/web (production)","description":"Deployment succeeded","target_url":"http://127.0.0.1:6001","created_at":"2026-11-27T10:00:00Z","updated_at":"2026-11-27T10:01:00Z"},
              {"id":12,"state":"failure","context":"ci/build","description":"tests failed","target_url":null,"created_at":"2026-11-27T10:00:00Z","updated_at":"2026-11-27T10:00:30Z"}]}
            """),
        var path when path.StartsWith("/api/v3/repos/acme/shop/deployments?", StringComparison.Ordinal) => StubResponse.Json($$"""
            [{"id":21,"sha":"{{Sha}}","ref":"main","task":"deploy","environment":"shop / production","payload":{"serviceId":"svc-1"},
              "creator":{"login":"railway-app[bot]","id":68434857},"created_at":"2026-11-27T10:00:00Z","updated_at":"2026-11-27T10:00:00Z"},
             {"id":22,"sha":"{{Sha}}","ref":"main","task":"deploy","environment":"preview","payload":{},
              "creator":{"login":"someone","id":3},"created_at":"2026-11-27T10:00:00Z","updated_at":"2026-11-27T10:00:00Z"}]
            """),
        "/api/v3/repos/acme/shop/deployments/21/statuses" => StubResponse.Json("""
            [{"id":32,"state":"success","environment_url":"http://127.0.0.1:6001","log_url":"http://127.0.0.1:6001","created_at":"2026-11-27T10:02:00Z","updated_at":"2026-11-27T10:02:00Z"},
             {"id":31,"state":"in_progress","environment_url":"","created_at":"2026-11-27T10:00:00Z","updated_at":"2026-11-27T10:00:00Z"}]
            """),
        "/api/v3/repos/acme/shop/deployments/22/statuses" => StubResponse.Json("[]"),
        var path when path.StartsWith("/api/v3/repos/acme/missing/", StringComparison.Ordinal) => new StubResponse(404, """{"message":"Not Found"}"""),
        _ => new StubResponse(404, """{"message":"Not Found"}"""),
    });

    private static Uri ApiUrl(LoopbackServer server) => new(server.Endpoint, "/api/v3/");

    private static CommitStatusReader Reader(LoopbackServer server, string token = Token) =>
        new(ApiUrl(server), new GitHubCredential(token, ValueSource.EnvironmentVariable("GITHUB_TOKEN")), TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData("https://api.github.com/", "https://api.github.com/")]
    [InlineData("https://github.com/", "https://api.github.com/")]
    [InlineData("https://ghe.example.com/api/v3/", "https://ghe.example.com/")]
    [InlineData("http://127.0.0.1:5123/api/v3", "http://127.0.0.1:5123/")]
    public void HandsOctokitTheHostRootOfAnEnterpriseUrl(string apiUrl, string expected)
    {
        Assert.Equal(new Uri(expected), CommitStatusReader.OctokitBaseAddress(new Uri(apiUrl)));
    }

    [Fact]
    public async Task JoinsRailwayStatusesAndDeploymentsThroughTheApiV3Prefix()
    {
        await using var server = GitHub();

        var rows = await Reader(server).ReadAsync(Repository, "main", includeAll: false, CancellationToken.None);

        var row = Assert.Single(rows);
        Assert.Equal(("acme/shop", Sha, "web", "production"), (row.Repository, row.CommitSha, row.Service, row.Environment));
        Assert.Equal((CommitStatusState.Success, GitHubDeploymentState.Success, 21L), (row.State!.Value, row.DeploymentState!.Value, row.DeploymentId!.Value));
        Assert.Equal(new Uri("http://127.0.0.1:6001"), row.EnvironmentUrl);
        Assert.All(server.Requests, request =>
        {
            Assert.StartsWith("/api/v3/repos/", request.Path, StringComparison.Ordinal);
            Assert.Equal("token " + Token, request.Headers.First(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value, ignoreCase: true);
        });
        Assert.Contains(server.Requests, request => request.Path.Contains("sha=" + Sha, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepsEveryContextAndCreatorWithAll()
    {
        await using var server = GitHub();

        var rows = await Reader(server).ReadAsync(Repository, "main", includeAll: true, CancellationToken.None);

        Assert.Contains(rows, row => row.Context == "ci/build" && row.State == CommitStatusState.Failure);
        Assert.Contains(rows, row => row.DeploymentId == 22);
    }

    [Fact]
    public async Task NamesTheTokenSourceOnA401WithoutTheToken()
    {
        await using var server = LoopbackServer.GraphQL((_, _) => new StubResponse(401, """{"message":"Bad credentials"}"""));

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => Reader(server, "refused-token-91ab").ReadAsync(Repository, "main", false, CancellationToken.None));

        Assert.Equal(GitHubApiErrorKind.Unauthorized, error.Kind);
        Assert.Contains("GITHUB_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused-token-91ab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapsAMissingRepositoryToRepositoryNotFound()
    {
        await using var server = GitHub();

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => Reader(server).ReadAsync(new GitHubRepositoryName("acme", "missing"), "main", false, CancellationToken.None));

        Assert.Equal(GitHubApiErrorKind.RepositoryNotFound, error.Kind);
        Assert.Contains("acme/missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesToSendATokenOverPlainHttpToARemoteHost()
    {
        var error = Assert.Throws<GitHubApiException>(() => new CommitStatusReader(
            new Uri("http://ghe.example.com/api/v3/"), new GitHubCredential(Token, ValueSource.Parameter("GitHubToken")), TimeSpan.FromSeconds(5)));

        Assert.Equal(GitHubApiErrorKind.InsecureEndpoint, error.Kind);
    }
}

/// <summary>Refs and repository names are checked, and escaped, before anything reaches a GitHub URL.</summary>
public sealed class GitHubPathTests
{
    private static readonly GitHubRepositoryName Repository = new("railwayops", "hello-railway");

    [Theory]
    [InlineData("../../../../user")]
    [InlineData("..")]
    [InlineData("main/../../x")]
    [InlineData("/etc")]
    [InlineData("feature/")]
    [InlineData("a//b")]
    [InlineData("main\r\nX-Injected: 1")]
    [InlineData("ref with space")]
    [InlineData("what?x=1")]
    [InlineData("main@{1}")]
    [InlineData("@")]
    [InlineData(".hidden")]
    [InlineData("topic/.x")]
    [InlineData("x.lock")]
    [InlineData("a:b")]
    [InlineData("back\\slash")]
    [InlineData("")]
    public async Task ARefGitWouldRefuseIsRefusedBeforeAnyRequest(string reference)
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json("{}"));
        var reader = new CommitStatusReader(new Uri(server.Endpoint, "/api/v3/"), new GitHubCredential("gh-test-token-3321", ValueSource.EnvironmentVariable("GITHUB_TOKEN")), TimeSpan.FromSeconds(5));

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => reader.ReadAsync(Repository, reference, false, CancellationToken.None));

        if (reference.Length > 0)
        {
            Assert.Equal(GitHubApiErrorKind.InvalidReference, Assert.IsType<GitHubApiException>(exception).Kind);
            Assert.DoesNotContain("\r", exception.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, server.RequestCount);
    }

    [Theory]
    [InlineData("..", "x")]
    [InlineData("a", "..")]
    [InlineData("a", ".")]
    [InlineData("a b", "x")]
    [InlineData("a", "x%2F..")]
    [InlineData("-a", "x")]
    [InlineData("a", "x?y")]
    public async Task ARepositoryNameGitHubWouldRefuseIsRefusedBeforeAnyRequest(string owner, string name)
    {
        await using var server = LoopbackServer.GraphQL((_, _) => StubResponse.Json("{}"));
        var reader = new CommitStatusReader(new Uri(server.Endpoint, "/api/v3/"), null, TimeSpan.FromSeconds(5));

        var exception = await Assert.ThrowsAsync<GitHubApiException>(() => reader.ReadAsync(new GitHubRepositoryName(owner, name), "main", false, CancellationToken.None));

        Assert.Equal(GitHubApiErrorKind.InvalidRepository, exception.Kind);
        Assert.Equal(0, server.RequestCount);
    }

    [Theory]
    [InlineData("main", "main")]
    [InlineData("feature/login", "feature/login")]
    [InlineData("release#1", "release%231")]
    [InlineData("100%", "100%25")]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("v1.2.3", "v1.2.3")]
    public void AValidRefKeepsItsSlashesAndHasEachSegmentEscaped(string reference, string expected)
    {
        Assert.Equal(expected, GitHubPath.Reference(reference));
    }

    [Fact]
    public async Task ABranchWithASlashReachesTheStatusEndpointOfThatRepository()
    {
        await using var server = LoopbackServer.GraphQL((request, _) => request.Path.StartsWith("/api/v3/repos/railwayops/hello-railway/commits/feature/login/status", StringComparison.Ordinal)
            ? StubResponse.Json("""{"state":"success","sha":"0123456789abcdef0123456789abcdef01234567","total_count":0,"statuses":[]}""")
            : request.Path.StartsWith("/api/v3/repos/railwayops/hello-railway/deployments", StringComparison.Ordinal) ? StubResponse.Json("[]") : new StubResponse(404, """{"message":"Not Found"}"""));
        var reader = new CommitStatusReader(new Uri(server.Endpoint, "/api/v3/"), null, TimeSpan.FromSeconds(5));

        var rows = await reader.ReadAsync(Repository, "feature/login", false, CancellationToken.None);

        Assert.Empty(rows);
        Assert.StartsWith("/api/v3/repos/railwayops/hello-railway/commits/feature/login/status", server.Requests[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public void AGitHubTokenWithALineBreakIsRefusedBeforeAnyRequest()
    {
        var exception = Assert.Throws<GitHubApiException>(() => new CommitStatusReader(new Uri("http://127.0.0.1:9/api/v3/"),
            new GitHubCredential("gh-AAAA\r\nX-Injected: 1", ValueSource.EnvironmentVariable("GITHUB_TOKEN")), TimeSpan.FromSeconds(5)));

        Assert.Equal(GitHubApiErrorKind.InvalidToken, exception.Kind);
        Assert.Contains("GITHUB_TOKEN", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", exception.Message, StringComparison.Ordinal);
    }
}
