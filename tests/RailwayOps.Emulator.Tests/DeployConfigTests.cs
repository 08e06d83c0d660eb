using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class DeployConfigTests
{
    [Fact]
    public void The_toml_reader_handles_what_railway_toml_files_use()
    {
        var tree = RailwayToml.Parse("""
            # a comment
            title = "x \"quoted\" \u00e9" # trailing comment
            [build]
            builder = 'RAILPACK'
            watchPatterns = [
              "app/**",   # the app
              "railway.toml",
            ]
            [deploy]
            healthcheckTimeout = 1_000
            sleepApplication = false
            multiRegionConfig = { us-west2 = { numReplicas = 2 } }
            [environments.pr.deploy]
            startCommand = "python3 -m app.main --pr"
            """);

        Assert.Equal("x \"quoted\" é", tree["title"]);
        var build = (Dictionary<string, object>)tree["build"];
        Assert.Equal("RAILPACK", build["builder"]);
        Assert.Equal(new List<object> { "app/**", "railway.toml" }, build["watchPatterns"]);
        var deploy = (Dictionary<string, object>)tree["deploy"];
        Assert.Equal(1000L, deploy["healthcheckTimeout"]);
        Assert.Equal(false, deploy["sleepApplication"]);
        var region = (Dictionary<string, object>)((Dictionary<string, object>)deploy["multiRegionConfig"])["us-west2"];
        Assert.Equal(2L, region["numReplicas"]);
        var pr = (Dictionary<string, object>)((Dictionary<string, object>)((Dictionary<string, object>)tree["environments"])["pr"])["deploy"];
        Assert.Equal("python3 -m app.main --pr", pr["startCommand"]);
    }

    [Theory]
    [InlineData("key = \"unterminated", 1)]
    [InlineData("[deploy]\nstartCommand = \"a\"\nstartCommand = \"b\"", 3)]
    [InlineData("a = 1\nb = nope", 2)]
    public void The_toml_reader_reports_the_line_of_an_error(string text, int line)
    {
        var error = Assert.Throws<TomlFormatException>(() => RailwayToml.Parse(text));

        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Config_in_code_overrides_service_settings_and_environment_blocks_override_the_base()
    {
        var settings = new ServiceSettingsRecord("make", "serve", null, null, "ALWAYS", 3, ["src/**"]);
        var config = RailwayConfig.FromToml("""
            [deploy]
            startCommand = "python3 -m app.main"
            healthcheckPath = "/api/health"
            restartPolicyType = "never"
            [environments.pr.deploy]
            healthcheckTimeout = 20
            [environments.staging.deploy]
            startCommand = "python3 -m app.main --staging"
            """);

        var production = RailwayConfig.Resolve(config, settings, "production", isPullRequestEnvironment: false);
        var staging = RailwayConfig.Resolve(config, settings, "staging", isPullRequestEnvironment: false);
        var pr = RailwayConfig.Resolve(config, settings, "demo-pr-3", isPullRequestEnvironment: true);
        var none = RailwayConfig.Resolve(null, settings, "production", isPullRequestEnvironment: false);

        Assert.Equal(("make", "python3 -m app.main", "/api/health", 300, "NEVER", 3), (production.BuildCommand,
            production.StartCommand, production.HealthcheckPath, production.HealthcheckTimeoutSeconds,
            production.RestartPolicyType, production.RestartPolicyMaxRetries));
        Assert.Equal("python3 -m app.main --staging", staging.StartCommand);
        Assert.Equal(20, pr.HealthcheckTimeoutSeconds);
        Assert.Equal(300, production.HealthcheckTimeoutSeconds);
        Assert.Equal(("serve", "ALWAYS", (string?)null), (none.StartCommand, none.RestartPolicyType, none.ConfigFile));
        Assert.Equal(["src/**"], none.WatchPatterns);
    }

    [Fact]
    public void Railway_json_is_read_like_railway_toml()
    {
        var config = RailwayConfig.FromJson("""
            {
              "$schema": "https://railway.com/railway.schema.json",
              "build": { "watchPatterns": ["app/**"] },
              "deploy": { "startCommand": "node server.js", "healthcheckTimeout": 7, "restartPolicyMaxRetries": 1 }
            }
            """);

        var settings = RailwayConfig.Resolve(config, new ServiceSettingsRecord(null, null, null, null, "ON_FAILURE", 10, []),
            "production", false);

        Assert.Equal(("node server.js", 7, 1, "railway.json"), (settings.StartCommand, settings.HealthcheckTimeoutSeconds,
            settings.RestartPolicyMaxRetries, settings.ConfigFile));
        Assert.Equal(["app/**"], settings.WatchPatterns);
    }

    [Theory]
    [InlineData("app/**", "app/main.py", true)]
    [InlineData("app/**", "app/routes/health.py", true)]
    [InlineData("app/**", "docs/app.md", false)]
    [InlineData("*.md", "docs/deep/readme.md", true)]
    [InlineData("/railway.toml", "railway.toml", true)]
    [InlineData("/railway.toml", "sub/railway.toml", false)]
    [InlineData("src/*.py", "src/a.py", true)]
    [InlineData("src/*.py", "src/pkg/a.py", false)]
    [InlineData("**/requirements*.txt", "requirements.txt", true)]
    [InlineData("app/", "app/x/y.py", true)]
    public void Watch_patterns_match_like_gitignore(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new WatchPatterns([pattern]).Matches(path));
    }

    [Fact]
    public void A_negated_watch_pattern_excludes_and_no_patterns_match_everything()
    {
        var patterns = new WatchPatterns(["app/**", "!app/tests/**"]);

        Assert.True(patterns.MatchesAny(["README.md", "app/main.py"]));
        Assert.False(patterns.MatchesAny(["app/tests/test_main.py", "README.md"]));
        Assert.True(new WatchPatterns([]).MatchesAny(["anything"]));
    }
}
