using System.Text.Json;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class ModelMapperTests
{
    [Fact]
    public void ADeploymentCarriesItsCommitFromMeta()
    {
        using var document = JsonDocument.Parse(Json.Deployment("d1", "NEEDS_APPROVAL", "abcdef0123456789abcdef0123456789abcdef01"));

        var deployment = DeploymentsClient.Map(document.RootElement);

        Assert.Equal("d1", deployment.DeploymentId);
        Assert.Equal(DeploymentStatus.NeedsApproval, deployment.Status);
        Assert.Equal("abcdef0123456789abcdef0123456789abcdef01", deployment.CommitHash);
        Assert.Equal("Ship it - bump to v0.1.1", deployment.CommitMessage);
        Assert.Equal("Ada", deployment.CommitAuthor);
        Assert.Equal("main", deployment.Branch);
        Assert.Equal("railwayops/hello-railway", deployment.Repo);
        Assert.Equal(("demo", "production", "web"), (deployment.ProjectName, deployment.EnvironmentName, deployment.ServiceName));
        Assert.Equal(new Uri("https://web-production.up.railway.app"), deployment.StaticUrl);
        Assert.Null(deployment.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), deployment.CreatedAt);
        Assert.True(deployment.CanRedeploy);
    }

    [Fact]
    public void ALoopbackStaticUrlIsPlainHttp()
    {
        using var document = JsonDocument.Parse(Json.Deployment("d1").Replace("web-production.up.railway.app", "127.0.0.1:41234"));

        Assert.Equal(new Uri("http://127.0.0.1:41234"), DeploymentsClient.Map(document.RootElement).StaticUrl);
    }

    [Fact]
    public void AnUnknownStatusIsAnInvalidResponse()
    {
        using var document = JsonDocument.Parse(Json.Deployment("d1", "EXPLODED"));

        var exception = Assert.Throws<RailwayApiException>(() => DeploymentsClient.Map(document.RootElement));

        Assert.Equal(RailwayApiErrorKind.InvalidResponse, exception.Kind);
    }

    [Fact]
    public void APullRequestEnvironmentIsRecognisable()
    {
        using var document = JsonDocument.Parse("""
            {"id":"e9","name":"demo-pr-7","projectId":"p1","isEphemeral":true,"createdAt":"2026-11-20T10:00:00Z",
             "sourceEnvironment":{"id":"e1"},"meta":{"prNumber":7,"prTitle":"Add greeting","prRepo":"railwayops/hello-railway","branch":"feature/greeting","baseBranch":"main"}}
            """);

        var environment = EnvironmentsClient.Map(document.RootElement, "demo");

        Assert.True(environment.IsPullRequest);
        Assert.True(environment.IsEphemeral);
        Assert.Equal(7, environment.PullRequestNumber);
        Assert.Equal("feature/greeting", environment.Branch);
        Assert.Equal("e1", environment.SourceEnvironmentId);
    }

    [Fact]
    public void NanosecondLogTimestampsParse()
    {
        Assert.Equal(
            new DateTimeOffset(2026, 11, 20, 10, 0, 1, TimeSpan.Zero).AddTicks(1234567),
            ModelMapper.ParseTimestamp("2026-11-20T10:00:01.123456789Z"));
    }
}
