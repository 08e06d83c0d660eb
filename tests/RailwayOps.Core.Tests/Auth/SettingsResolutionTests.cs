using RailwayOps.Core.Auth;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Auth;

/// <summary>Endpoint, HTTP timeout and the GitHub settings.</summary>
public sealed class SettingsResolutionTests
{
    private static RailwayContext Resolve(FakeEnvironment environment, ResolutionRequest? request = null, RailwaySession? session = null) =>
        new ContextResolver(environment).Resolve(request ?? new ResolutionRequest(), session);

    [Fact]
    public void TheEndpointDefaultsToRailway()
    {
        var context = Resolve(new FakeEnvironment());

        Assert.Equal(new Uri(RailwayContext.DefaultEndpoint), context.Endpoint.Value);
        Assert.Equal(ValueSource.Default, context.Endpoint.Source);
    }

    [Fact]
    public void TheEndpointFollowsParameterThenVariableThenSession()
    {
        var environment = new FakeEnvironment().With("RAILWAYOPS_API_URL", "http://127.0.0.1:9/graphql/v2");
        var session = new RailwaySession { Endpoint = new Uri("http://127.0.0.1:8/graphql/v2") };

        Assert.Equal("http://127.0.0.1:7/graphql/v2", Resolve(environment, new ResolutionRequest { Endpoint = new Uri("http://127.0.0.1:7/graphql/v2") }, session).Endpoint.Value.ToString());
        Assert.Equal("EnvironmentVariable:RAILWAYOPS_API_URL", Resolve(environment, session: session).Endpoint.Source.ToString());
        Assert.Equal(ValueSource.Session, Resolve(new FakeEnvironment(), session: session).Endpoint.Source);
    }

    [Theory]
    [InlineData("ftp://example.com/graphql")]
    [InlineData("not a url")]
    public void AnEndpointMustBeHttpOrHttps(string value)
    {
        var environment = new FakeEnvironment().With("RAILWAYOPS_API_URL", value);

        var exception = Assert.Throws<ResolutionException>(() => Resolve(environment));

        Assert.Equal(ResolutionErrorKind.InvalidEndpoint, exception.Kind);
    }

    [Fact]
    public void TheTimeoutDefaultsToNinetySeconds()
    {
        var context = Resolve(new FakeEnvironment());

        Assert.Equal(TimeSpan.FromSeconds(90), context.HttpTimeout.Value);
        Assert.Empty(context.Warnings);
    }

    [Fact]
    public void AValidTimeoutIsUsed()
    {
        var context = Resolve(new FakeEnvironment().With("RAILWAY_HTTP_TIMEOUT", "15"));

        Assert.Equal(TimeSpan.FromSeconds(15), context.HttpTimeout.Value);
        Assert.Equal("EnvironmentVariable:RAILWAY_HTTP_TIMEOUT", context.HttpTimeout.Source.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("12.5")]
    [InlineData("")]
    [InlineData("soon")]
    public void AnInvalidTimeoutWarnsAndFallsBackToNinety(string value)
    {
        var context = Resolve(new FakeEnvironment().With("RAILWAY_HTTP_TIMEOUT", value));

        Assert.Equal(TimeSpan.FromSeconds(90), context.HttpTimeout.Value);
        Assert.Contains(context.Warnings, warning => warning.Contains("RAILWAY_HTTP_TIMEOUT"));
    }

    [Fact]
    public void GitHubTokenFollowsParameterThenGitHubTokenThenGhToken()
    {
        var environment = new FakeEnvironment().With("GITHUB_TOKEN", "gh-env-1").With("GH_TOKEN", "gh-env-2");
        var parameter = new GitHubCredential("gh-parameter", ValueSource.Parameter("GitHubToken"));

        Assert.Same(parameter, Resolve(environment, new ResolutionRequest { GitHubCredential = parameter }).GitHubCredential);
        Assert.Equal("gh-env-1", Resolve(environment).GitHubCredential!.Token);
        environment.Variables.Remove("GITHUB_TOKEN");
        Assert.Equal("EnvironmentVariable:GH_TOKEN", Resolve(environment).GitHubCredential!.Source.ToString());
    }

    [Fact]
    public void GitHubApiUrlComesFromTheVariableElseGitHubDotCom()
    {
        Assert.Equal(new Uri("https://api.github.com/"), Resolve(new FakeEnvironment()).GitHubApiUrl.Value);

        var context = Resolve(new FakeEnvironment().With("GITHUB_API_URL", "https://ghe.example.com/api/v3"));

        Assert.Equal(new Uri("https://ghe.example.com/api/v3/"), context.GitHubApiUrl.Value);
        Assert.Equal("EnvironmentVariable:GITHUB_API_URL", context.GitHubApiUrl.Source.ToString());
    }

    [Fact]
    public void ContextInfoNeverCarriesTheToken()
    {
        var environment = new FakeEnvironment().With("RAILWAY_API_TOKEN", "context-info-canary-token");

        var info = RailwayContextInfo.From(Resolve(environment));

        Assert.Equal(RailwayTokenKind.Account, info.TokenKind);
        Assert.Equal("EnvironmentVariable:RAILWAY_API_TOKEN", info.TokenSource);
        var everyValue = string.Join("|", typeof(RailwayContextInfo).GetProperties().Select(p => p.GetValue(info)?.ToString()));
        Assert.DoesNotContain("context-info-canary-token", everyValue);
    }
}
