using RailwayOps.Core.Health;
using Xunit;

namespace RailwayOps.Core.Tests.Health;

public sealed class ServiceHealthTargetTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "railwayops-healthtarget-" + Guid.NewGuid().ToString("n"));

    public ServiceHealthTargetTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static RailwayDomain Domain(string domain, RailwayDomainKind kind) => new() { DomainId = domain, Domain = domain, Kind = kind };

    [Fact]
    public void PrefersACustomDomainAsTheCliDoes()
    {
        var picked = ServiceHealthTarget.PickDomain(new[]
        {
            Domain("web-production.up.railway.app", RailwayDomainKind.Service),
            Domain("shop.example.com", RailwayDomainKind.Custom),
        });

        Assert.Equal("shop.example.com", picked!.Domain);
        Assert.Null(ServiceHealthTarget.PickDomain(Array.Empty<RailwayDomain>()));
    }

    [Theory]
    [InlineData("web-production.up.railway.app", "/api/health", "https://web-production.up.railway.app/api/health")]
    [InlineData("127.0.0.1:5055", "/api/health", "http://127.0.0.1:5055/api/health")]
    [InlineData("localhost:8080", "health", "http://localhost:8080/health")]
    [InlineData("https://app.example.com/some/page?x=1", "/status?full=1", "https://app.example.com/status?full=1")]
    [InlineData("app.example.com", null, "https://app.example.com/api/health")]
    public void BuildsTheHealthUri(string domain, string? path, string expected)
    {
        Assert.Equal(new Uri(expected), ServiceHealthTarget.Combine(ServiceHealthTarget.BaseUrl(domain), path));
    }

    [Fact]
    public void UsesTheDefaultPathWithoutAConfigFile()
    {
        Directory.CreateDirectory(Path.Combine(root, ".git"));

        Assert.Equal(HealthPathSetting.Default, ServiceHealthTargetConfig.FindHealthPath(root, "production"));
    }

    [Fact]
    public void ReadsTomlWithEnvironmentOverrides()
    {
        File.WriteAllText(Path.Combine(root, "railway.toml"), """
            # config as code
            [build]
            healthcheckPath = "/not-this-one"

            [deploy]
            startCommand = "python3 -m app.main"
            healthcheckPath = "/api/health/live"   # trailing comment

            [environments.staging.deploy]
            healthcheckPath = '/staging/health'
            """);

        Assert.Equal("/api/health/live", ServiceHealthTargetConfig.FindHealthPath(root, "production").Path);
        Assert.Equal("/staging/health", ServiceHealthTargetConfig.FindHealthPath(root, "staging").Path);
        Assert.Equal("/api/health/live", ServiceHealthTargetConfig.FindHealthPath(root, null).Path);
    }

    [Fact]
    public void ReadsDottedTomlKeys()
    {
        File.WriteAllText(Path.Combine(root, "railway.toml"), "deploy.healthcheckPath = \"/dotted\"\n");

        Assert.Equal("/dotted", ServiceHealthTargetConfig.FindHealthPath(root, null).Path);
    }

    [Fact]
    public void ReadsJsonAndPrefersTomlInTheSameFolder()
    {
        File.WriteAllText(Path.Combine(root, "railway.json"), """{ "deploy": { "healthcheckPath": "/json" }, "environments": { "pr": { "deploy": { "healthcheckPath": "/json-pr" } } } }""");
        Assert.Equal("/json", ServiceHealthTargetConfig.FindHealthPath(root, "production").Path);
        Assert.Equal("/json-pr", ServiceHealthTargetConfig.FindHealthPath(root, "pr").Path);

        File.WriteAllText(Path.Combine(root, "railway.toml"), "[deploy]\nhealthcheckPath = \"/toml\"\n");
        var setting = ServiceHealthTargetConfig.FindHealthPath(root, "production");
        Assert.Equal("/toml", setting.Path);
        Assert.EndsWith("railway.toml", setting.SourceFile, StringComparison.Ordinal);
    }

    [Fact]
    public void ClimbsToTheRepositoryRootButNotPastIt()
    {
        var repository = Path.Combine(root, "repo");
        var nested = Path.Combine(repository, "src", "app");
        Directory.CreateDirectory(nested);
        Directory.CreateDirectory(Path.Combine(repository, ".git"));
        File.WriteAllText(Path.Combine(root, "railway.toml"), "[deploy]\nhealthcheckPath = \"/outside\"\n");

        Assert.Equal(ServiceHealthTarget.DefaultPath, ServiceHealthTargetConfig.FindHealthPath(nested, null).Path);

        File.WriteAllText(Path.Combine(repository, "railway.toml"), "[deploy]\nhealthcheckPath = \"/inside\"\n");
        Assert.Equal("/inside", ServiceHealthTargetConfig.FindHealthPath(nested, null).Path);
    }

    [Fact]
    public void FallsBackToTheDefaultForAnUnreadableJsonFile()
    {
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        File.WriteAllText(Path.Combine(root, "railway.json"), "{ not json");

        Assert.Equal(ServiceHealthTarget.DefaultPath, ServiceHealthTargetConfig.FindHealthPath(root, null).Path);
    }
}
