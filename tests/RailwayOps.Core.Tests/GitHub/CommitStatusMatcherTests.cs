using RailwayOps.Core.GitHub;
using Xunit;

namespace RailwayOps.Core.Tests.GitHub;

public sealed class CommitStatusMatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static CommitStatusInput Status(string context, CommitStatusState state, string? url, int minutes = 0) =>
        new(context, state, "desc", url, T0.AddMinutes(minutes));

    private static DeploymentInput Deployment(long id, string environment, string serviceId, GitHubDeploymentState state, string? url, int minutes = 0) =>
        new(id, environment, serviceId, state, "deployment", url, url, T0.AddMinutes(minutes));

    [Theory]
    [InlineData("railway/web (production)", "web", "production")]
    [InlineData("Railway/api-server (demo-pr-12)", "api-server", "demo-pr-12")]
    [InlineData("railway-app/web (staging)", "web", "staging")]
    public void ReadsServiceAndEnvironmentFromTheContext(string context, string service, string environment)
    {
        Assert.Equal((service, environment), CommitStatusMatcher.ParseContext(context));
    }

    [Theory]
    [InlineData("ci/build")]
    [InlineData("railway")]
    [InlineData("railway/web")]
    public void LeavesOtherContextsUnparsed(string context)
    {
        Assert.Equal((null, null), CommitStatusMatcher.ParseContext(context));
    }

    [Fact]
    public void JoinsTheDeploymentWhoseUrlHasTheStatusHost()
    {
        var statuses = new[]
        {
            Status("railway/web (production)", CommitStatusState.Success, "http://127.0.0.1:5001"),
            Status("railway/worker (production)", CommitStatusState.Failure, "http://127.0.0.1:5002"),
        };
        var deployments = new[]
        {
            Deployment(7, "demo / production", "svc-worker", GitHubDeploymentState.Failure, "http://127.0.0.1:5002/", 3),
            Deployment(6, "demo / production", "svc-web", GitHubDeploymentState.Success, "http://127.0.0.1:5001/api", 2),
        };

        var rows = CommitStatusMatcher.Match("o/n", "abc", statuses, deployments);

        Assert.Equal(2, rows.Count);
        var web = rows.Single(r => r.Service == "web");
        Assert.Equal((6L, GitHubDeploymentState.Success, CommitStatusState.Success), (web.DeploymentId!.Value, web.DeploymentState!.Value, web.State!.Value));
        Assert.Equal("demo / production", web.GitHubEnvironment);
        Assert.Equal(T0.AddMinutes(2), web.UpdatedAt);
        Assert.Equal(7L, rows.Single(r => r.Service == "worker").DeploymentId);
    }

    [Fact]
    public void JoinsTheOnlyStatusOfAnEnvironmentWithoutUrls()
    {
        var rows = CommitStatusMatcher.Match("o/n", "abc",
            new[] { Status("railway/web (staging)", CommitStatusState.Pending, null) },
            new[] { Deployment(3, "demo / staging", "svc-web", GitHubDeploymentState.InProgress, null) });

        var row = Assert.Single(rows);
        Assert.Equal(("web", "staging", 3L), (row.Service, row.Environment, row.DeploymentId!.Value));
    }

    [Fact]
    public void KeepsTheLatestDeploymentPerServiceAndEnvironment()
    {
        var rows = CommitStatusMatcher.Match("o/n", "abc", Array.Empty<CommitStatusInput>(), new[]
        {
            Deployment(1, "demo / production", "svc-web", GitHubDeploymentState.Failure, null),
            Deployment(4, "demo / production", "svc-web", GitHubDeploymentState.Success, null),
        });

        var row = Assert.Single(rows);
        Assert.Equal((4L, "svc-web", "production"), (row.DeploymentId!.Value, row.Service, row.Environment));
        Assert.Null(row.State);
    }

    [Fact]
    public void DoesNotGuessWhenTwoStatusesShareAnEnvironmentAndNoUrlDecides()
    {
        var rows = CommitStatusMatcher.Match("o/n", "abc",
            new[] { Status("railway/web (production)", CommitStatusState.Success, null), Status("railway/api (production)", CommitStatusState.Success, null) },
            new[] { Deployment(5, "demo / production", "svc-x", GitHubDeploymentState.Success, null) });

        Assert.Equal(3, rows.Count);
        Assert.All(rows.Where(r => r.Context is not null), r => Assert.Null(r.DeploymentId));
    }

    [Theory]
    [InlineData("demo / production", "production")]
    [InlineData("a / b / pr-1", "pr-1")]
    [InlineData("production", "production")]
    public void TakesTheRailwayEnvironmentFromTheDeploymentLabel(string label, string environment)
    {
        Assert.Equal(environment, CommitStatusMatcher.EnvironmentOf(label));
    }
}
