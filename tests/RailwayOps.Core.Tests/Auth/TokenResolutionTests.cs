using RailwayOps.Core.Auth;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Auth;

/// <summary>-Token › RAILWAY_TOKEN › RAILWAY_API_TOKEN › user.accessToken › user.token › session.</summary>
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

    private static RailwayContext Resolve(FakeEnvironment environment, RailwayCredential? parameter = null, RailwaySession? session = null) =>
        new ContextResolver(environment).Resolve(new ResolutionRequest { Credential = parameter }, session ?? new RailwaySession { Credential = SessionToken });

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
    public void ThenTheSession()
    {
        var context = Resolve(new FakeEnvironment());

        Assert.Same(SessionToken, context.Credential);
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

        var context = Resolve(environment);

        Assert.Same(SessionToken, context.Credential);
        Assert.Contains(context.Warnings, warning => warning.Contains(environment.ConfigPath()));
    }
}
