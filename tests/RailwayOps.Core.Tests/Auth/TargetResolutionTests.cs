using RailwayOps.Core.Auth;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Auth;

/// <summary>Project, environment and service: parameters › RAILWAY_*_ID › nearest linked folder › session.</summary>
public sealed class TargetResolutionTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "work");
    private static readonly string Shop = Path.Combine(Root, "shop");
    private static readonly string ShopApi = Path.Combine(Shop, "api");

    private static FakeEnvironment WithLinks()
    {
        var environment = new FakeEnvironment();
        environment.Files[environment.ConfigPath()] = $$$"""
            {"projects":{
              {{{Quote(Shop)}}}:{"projectPath":{{{Quote(Shop)}}},"name":"shop","project":"p-shop","environment":"e-shop-prod","environmentName":"production","service":"s-shop-web"},
              {{{Quote(ShopApi)}}}:{"projectPath":{{{Quote(ShopApi)}}},"name":"shop-api","project":"p-api","environment":"e-api-prod","environmentName":"production"}
            },"user":{"token":"legacy"}}
            """;
        return environment;
    }

    private static string Quote(string path) => System.Text.Json.JsonSerializer.Serialize(path);

    private static RailwayContext Resolve(FakeEnvironment environment, ResolutionRequest? request = null, RailwaySession? session = null) =>
        new ContextResolver(environment).Resolve(request ?? new ResolutionRequest(), session);

    [Fact]
    public void TheNearestAncestorLinkWins()
    {
        var context = Resolve(WithLinks(), new ResolutionRequest { CurrentDirectory = Path.Combine(ShopApi, "src", "handlers") });

        Assert.Equal("p-api", context.Project!.Value);
        Assert.Equal(ValueSourceKind.ConfigFile, context.Project.Source.Kind);
        Assert.Equal("e-api-prod", context.Environment!.Value);
        Assert.Null(context.Service);
        Assert.Equal(ShopApi, context.LinkedProject!.ProjectPath);
    }

    [Fact]
    public void AParentFolderLinkAppliesToASibling()
    {
        var context = Resolve(WithLinks(), new ResolutionRequest { CurrentDirectory = Path.Combine(Shop, "docs") });

        Assert.Equal("p-shop", context.Project!.Value);
        Assert.Equal("s-shop-web", context.Service!.Value);
    }

    [Fact]
    public void TheLinkedFolderItselfMatchesWithATrailingSeparator()
    {
        var context = Resolve(WithLinks(), new ResolutionRequest { CurrentDirectory = Shop + Path.DirectorySeparatorChar });

        Assert.Equal("p-shop", context.Project!.Value);
    }

    [Fact]
    public void AnUnlinkedFolderHasNoTarget()
    {
        var context = Resolve(WithLinks(), new ResolutionRequest { CurrentDirectory = Path.Combine(Path.GetTempPath(), "elsewhere") });

        Assert.Null(context.Project);
        Assert.Null(context.LinkedProject);
    }

    [Fact]
    public void LinkKeysAreCaseSensitiveAsInTheCli()
    {
        var context = Resolve(WithLinks(), new ResolutionRequest { CurrentDirectory = ShopApi.ToUpperInvariant() });

        Assert.Null(context.LinkedProject);
    }

    [Fact]
    public void EnvironmentVariablesBeatTheLink()
    {
        var environment = WithLinks().With("RAILWAY_PROJECT_ID", "p-env").With("RAILWAY_ENVIRONMENT_ID", "e-env");

        var context = Resolve(environment, new ResolutionRequest { CurrentDirectory = ShopApi });

        Assert.Equal("p-env", context.Project!.Value);
        Assert.Equal("EnvironmentVariable:RAILWAY_PROJECT_ID", context.Project.Source.ToString());
        Assert.Equal("e-env", context.Environment!.Value);
        Assert.Equal("EnvironmentVariable:RAILWAY_ENVIRONMENT_ID", context.Environment.Source.ToString());
    }

    [Fact]
    public void ParametersBeatEverything()
    {
        var environment = WithLinks().With("RAILWAY_PROJECT_ID", "p-env").With("RAILWAY_SERVICE_ID", "s-env");
        var session = new RailwaySession { Project = "p-session", Environment = "e-session", Service = "s-session" };

        var context = Resolve(environment, new ResolutionRequest { Project = "demo", Environment = "staging", Service = "web", CurrentDirectory = ShopApi }, session);

        Assert.Equal(("demo", "staging", "web"), (context.Project!.Value, context.Environment!.Value, context.Service!.Value));
        Assert.All(new[] { context.Project.Source, context.Environment.Source, context.Service.Source }, source => Assert.Equal(ValueSourceKind.Parameter, source.Kind));
    }

    [Fact]
    public void TheSessionIsTheLastResort()
    {
        var session = new RailwaySession { Project = "p-session", Environment = "e-session", Service = "s-session" };

        var context = Resolve(new FakeEnvironment(), new ResolutionRequest { CurrentDirectory = Root }, session);

        Assert.Equal("p-session", context.Project!.Value);
        Assert.Equal(ValueSource.Session, context.Project.Source);
        Assert.Equal("e-session", context.Environment!.Value);
    }

    [Fact]
    public void ALowerLayerForAnotherProjectAddsNothing()
    {
        // -Project names another project than the link: the link's environment must not leak in.
        var context = Resolve(WithLinks(), new ResolutionRequest { Project = "other", CurrentDirectory = ShopApi });

        Assert.Equal("other", context.Project!.Value);
        Assert.Null(context.Environment);
    }

    [Fact]
    public void ALowerLayerForTheSameProjectFillsTheGaps()
    {
        var context = Resolve(WithLinks(), new ResolutionRequest { Project = "P-API", CurrentDirectory = ShopApi });

        Assert.Equal("e-api-prod", context.Environment!.Value);
        Assert.Equal(ValueSourceKind.ConfigFile, context.Environment.Source.Kind);
    }

    [Fact]
    public void AServiceVariableOverridesTheLinkedService()
    {
        var environment = WithLinks().With("RAILWAY_SERVICE_ID", "s-env");

        var context = Resolve(environment, new ResolutionRequest { CurrentDirectory = Shop });

        Assert.Equal("p-shop", context.Project!.Value);
        Assert.Equal("s-env", context.Service!.Value);
    }

    [Fact]
    public void EnvironmentIdWithoutProjectIdIsAnError()
    {
        var environment = new FakeEnvironment().With("RAILWAY_API_TOKEN", "api").With("RAILWAY_ENVIRONMENT_ID", "e1");

        var exception = Assert.Throws<ResolutionException>(() => Resolve(environment));

        Assert.Equal(ResolutionErrorKind.EnvironmentWithoutProject, exception.Kind);
        Assert.Equal("RAILWAY_ENVIRONMENT_ID cannot be set without RAILWAY_PROJECT_ID.", exception.Message);
    }

    [Fact]
    public void EnvironmentIdWithAProjectTokenIsAllowed()
    {
        var environment = new FakeEnvironment().With("RAILWAY_TOKEN", "project").With("RAILWAY_ENVIRONMENT_ID", "e1");

        var context = Resolve(environment);

        Assert.Equal("e1", context.Environment!.Value);
    }
}
