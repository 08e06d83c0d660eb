using RailwayOps.Core.Auth;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Auth;

/// <summary>-Token › the session's token at its endpoint › RAILWAY_TOKEN › RAILWAY_API_TOKEN › user.accessToken › user.token.</summary>
public sealed class TokenResolutionTests
{
    private static readonly RailwayCredential SessionToken = new("session-token-value", RailwayTokenKind.Account, ValueSource.Session);

    private static FakeEnvironment Everything()
    {
        var environment = new FakeEnvironment()
            .With("RAILWAY_TOKEN", "project-token-value")
            .With("RAILWAY_API_TOKEN", "api-token-value");
        environment.Files[environment.ConfigPath()] = """{"user":{"accessToken":"oauth-token-value","token":"legacy-token-value"}}""";
        return environment;
    }

    private static readonly Uri SessionEndpoint = new("http://127.0.0.1:5555/graphql/v2");

    private static RailwaySession Connected => new() { Endpoint = SessionEndpoint, Credential = SessionToken };

    /// <summary>Without a session unless one is given: the sources below the parameter, in their own order.</summary>
    private static RailwayContext Resolve(FakeEnvironment environment, RailwayCredential? parameter = null, RailwaySession? session = null) =>
        new ContextResolver(environment).Resolve(new ResolutionRequest { Credential = parameter }, session ?? new RailwaySession());

    [Fact]
    public void TheParameterWinsOverEverything()
    {
        var parameter = new RailwayCredential("parameter-token-value", RailwayTokenKind.Account, ValueSource.Parameter("Token"));

        var context = Resolve(Everything(), parameter);

        Assert.Same(parameter, context.Credential);
        Assert.Equal("Parameter:Token", context.Credential!.Source.ToString());
    }

    [Fact]
    public void RailwayTokenIsAProjectToken()
    {
        var context = Resolve(Everything());

        Assert.Equal(RailwayTokenKind.Project, context.Credential!.Kind);
        Assert.Equal("EnvironmentVariable:RAILWAY_TOKEN", context.Credential.Source.ToString());
        Assert.Equal("project-token-value", context.Credential.Token);
    }

    [Fact]
    public void RailwayApiTokenIsNext()
    {
        var environment = Everything();
        environment.Variables.Remove("RAILWAY_TOKEN");

        var context = Resolve(environment);

        Assert.Equal(RailwayTokenKind.Account, context.Credential!.Kind);
        Assert.Equal("EnvironmentVariable:RAILWAY_API_TOKEN", context.Credential.Source.ToString());
    }

    [Fact]
    public void ThenTheCliOAuthLogin()
    {
        var environment = Everything();
        environment.Variables.Clear();

        var context = Resolve(environment);

        Assert.Equal("oauth-token-value", context.Credential!.Token);
        Assert.Equal(ValueSourceKind.ConfigFile, context.Credential.Source.Kind);
        Assert.Equal(environment.ConfigPath(), context.Credential.Source.Detail);
    }

    [Fact]
    public void ThenTheLegacyCliToken()
    {
        var environment = new FakeEnvironment();
        environment.Files[environment.ConfigPath()] = """{"user":{"accessToken":null,"token":"legacy-token-value"}}""";

        var context = Resolve(environment);

        Assert.Equal("legacy-token-value", context.Credential!.Token);
    }

    [Fact]
    public void TheSessionTokenIsUsedWhenNothingElseHasOne()
    {
        var context = Resolve(new FakeEnvironment(), session: Connected);

        Assert.Same(SessionToken, context.Credential);
        Assert.Empty(context.OutrankedTokenSources);
    }

    [Fact]
    public void TheSessionTokenOutranksTheVariablesAndTheCliLoginAtTheSessionsEndpoint()
    {
        var context = Resolve(Everything(), session: Connected);

        Assert.Same(SessionToken, context.Credential);
        Assert.Equal(SessionEndpoint, context.Endpoint.Value);
        Assert.Equal(
            new[] { "EnvironmentVariable:RAILWAY_TOKEN", "EnvironmentVariable:RAILWAY_API_TOKEN", "ConfigFile:" + Everything().ConfigPath() },
            context.OutrankedTokenSources.Select(source => source.ToString()));
    }

    [Fact]
    public void TheSessionTokenStaysWithItsEndpoint()
    {
        var environment = Everything().With("RAILWAYOPS_API_URL", "http://127.0.0.1:6666/graphql/v2");

        var context = Resolve(environment, session: Connected);

        Assert.Equal("EnvironmentVariable:RAILWAY_TOKEN", context.Credential!.Source.ToString());
        Assert.Contains(ValueSource.Session, context.OutrankedTokenSources);
    }

    [Fact]
    public void TheParameterOutranksTheSessionToo()
    {
        var parameter = new RailwayCredential("parameter-token-value", RailwayTokenKind.Account, ValueSource.Parameter("Token"));

        var context = Resolve(Everything(), parameter, Connected);

        Assert.Same(parameter, context.Credential);
        Assert.Equal(ValueSource.Session, context.OutrankedTokenSources[0]);
    }

    [Fact]
    public void NoSourceMeansNoCredential()
    {
        var context = new ContextResolver(new FakeEnvironment()).Resolve(new ResolutionRequest(), null);

        Assert.Null(context.Credential);
    }

    [Fact]
    public void EmptyVariablesCountAsUnset()
    {
        var environment = new FakeEnvironment().With("RAILWAY_TOKEN", "  ").With("RAILWAY_API_TOKEN", "api-token-value");

        var context = Resolve(environment);

        Assert.Equal("EnvironmentVariable:RAILWAY_API_TOKEN", context.Credential!.Source.ToString());
    }

    [Theory]
    [InlineData("staging", "config-staging.json")]
    [InlineData("dev", "config-dev.json")]
    [InlineData("develop", "config-dev.json")]
    [InlineData("production", "config.json")]
    public void RailwayEnvSelectsTheConfigFile(string railwayEnv, string fileName)
    {
        var environment = new FakeEnvironment().With("RAILWAY_ENV", railwayEnv);
        environment.Files[environment.ConfigPath(fileName)] = """{"user":{"token":"from-selected-file"}}""";

        var context = Resolve(environment, session: new RailwaySession());

        Assert.Equal("from-selected-file", context.Credential!.Token);
    }

    [Fact]
    public void AnUnparseableConfigIsIgnoredWithAWarning()
    {
        var environment = new FakeEnvironment();
        environment.Files[environment.ConfigPath()] = "{ not json";

        var context = Resolve(environment, session: Connected);

        Assert.Same(SessionToken, context.Credential);
        Assert.Contains(context.Warnings, warning => warning.Contains(environment.ConfigPath()));
    }

    [Fact]
    public void ASecondConnectKeepsWhatItDoesNotName()
    {
        var first = new RailwaySession { Endpoint = SessionEndpoint, Credential = SessionToken, GitHubApiUrl = SessionEndpoint };

        var second = RailwaySession.Update(first, new RailwaySession { Project = "demo", Environment = "production", Service = "web" });

        Assert.Same(SessionToken, second.Credential);
        Assert.Equal(SessionEndpoint, second.Endpoint);
        Assert.Equal(("demo", "production", "web"), (second.Project, second.Environment, second.Service));
    }

    [Fact]
    public void ASecondConnectToAnotherEndpointDropsTheEarlierToken()
    {
        var first = new RailwaySession { Endpoint = SessionEndpoint, Credential = SessionToken };

        var second = RailwaySession.Update(first, new RailwaySession { Endpoint = new Uri("https://backboard.railway.com/graphql/v2") });

        Assert.Null(second.Credential);
    }

    [Fact]
    public void ANewProjectDropsTheEarlierEnvironmentAndService()
    {
        var first = new RailwaySession { Project = "demo", Environment = "production", Service = "web" };

        var other = RailwaySession.Update(first, new RailwaySession { Project = "shop" });
        var same = RailwaySession.Update(first, new RailwaySession { Project = "DEMO", Service = "api" });

        Assert.Null(other.Environment);
        Assert.Null(other.Service);
        Assert.Equal(("production", "api"), (same.Environment, same.Service));
    }

    [Fact]
    public void AnEmulatorSessionKeepsTheTargetsOfTheEarlierOne()
    {
        var earlier = new RailwaySession { Endpoint = new Uri("https://backboard.railway.com/graphql/v2"), Project = "demo", Environment = "production", Service = "web" };

        var emulator = new RailwaySession { Endpoint = SessionEndpoint, Credential = SessionToken }.WithTargetsOf(earlier);

        Assert.Equal(SessionEndpoint, emulator.Endpoint);
        Assert.Same(SessionToken, emulator.Credential);
        Assert.Equal(("demo", "production", "web"), (emulator.Project, emulator.Environment, emulator.Service));
    }
}
