using RailwayOps.Core.Railway;
using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class ServiceConfigFileTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "railwayops-cfg-" + Guid.NewGuid().ToString("n"));

    public ServiceConfigFileTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_environment_block_overrides_the_base_and_pr_applies_to_pr_environments()
    {
        var file = ServiceConfigFile.Read(Write("railway.toml", """
            [build]
            watchPatterns = ["app/**"]
            [deploy]
            healthcheckPath = "/api/health"
            restartPolicyType = "never"
            multiRegionConfig = { us-west2 = { numReplicas = 2 }, europe-west4 = { numReplicas = 1 } }
            [environments.staging.deploy]
            healthcheckPath = "/staging"
            [environments.pr.deploy]
            healthcheckTimeout = 5
            """));

        var production = file.SettingsFor("production", isPullRequestEnvironment: false);
        var staging = file.SettingsFor("staging", isPullRequestEnvironment: false);
        var pr = file.SettingsFor("demo-pr-4", isPullRequestEnvironment: true);

        Assert.Equal("/api/health", production["HealthcheckPath"]);
        Assert.Equal("NEVER", production["RestartPolicy"]);
        Assert.Equal(3, production["Replicas"]);
        Assert.Equal(new List<string> { "app/**" }, production["WatchPatterns"]);
        Assert.Equal("/staging", staging["HealthcheckPath"]);
        Assert.False(production.ContainsKey("HealthcheckTimeout"));
        Assert.Equal(5, pr["HealthcheckTimeout"]);
    }

    [Fact]
    public void Keys_that_are_not_compared_are_named()
    {
        var file = ServiceConfigFile.Read(Write("railway.toml", "[build]\nbuilder = \"NIXPACKS\"\n[deploy]\nwatchPatterns = [\"x\"]\n"));

        Assert.Equal(new[] { "build.builder", "deploy.watchPatterns" }, file.NotCompared());
        Assert.Empty(file.SettingsFor("production", false));
    }

    [Theory]
    [InlineData("railway.toml", "[deploy]\nhealthcheckPath = \"/a\"\nhealthcheckPath = \"/b\"\n")]
    [InlineData("railway.toml", "[deploy\n")]
    [InlineData("railway.json", "{ \"deploy\": ")]
    public void A_file_that_does_not_parse_is_refused(string name, string text)
    {
        Assert.Throws<ServiceConfigFileException>(() => ServiceConfigFile.Read(Write(name, text)));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_refused_when_read()
    {
        var file = ServiceConfigFile.Read(Write("railway.json", """{ "deploy": { "healthcheckTimeout": "soon" } }"""));

        var failure = Assert.Throws<ServiceConfigFileException>(() => file.SettingsFor("production", false));
        Assert.Contains("deploy.healthcheckTimeout must be a whole number", failure.Message);
    }

    [Fact]
    public void Toml_wins_over_json_in_one_folder_and_the_search_stops_at_the_repository_root()
    {
        Write("railway.json", "{}");
        var toml = Write("railway.toml", "");
        var sub = Directory.CreateDirectory(Path.Combine(folder, "a", "b")).FullName;
        Directory.CreateDirectory(Path.Combine(folder, "a", ".git"));

        Assert.Null(ServiceConfigFile.Find(sub));
        Directory.Delete(Path.Combine(folder, "a", ".git"));
        Assert.Equal(toml, ServiceConfigFile.Find(sub));
    }
}

public sealed class MetricSummaryTests
{
    private static RailwayMetric Sample(int second, double value) => new()
    {
        Time = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 + second),
        Measurement = RailwayMetricMeasurement.MemoryUsageGb,
        Value = value,
    };

    [Fact]
    public void The_summary_is_min_avg_max_last_in_time_order_with_a_sparkline()
    {
        var summary = RailwayMetricSummary.Of(RailwayMetricMeasurement.MemoryUsageGb, [Sample(2, 3), Sample(0, 1), Sample(1, 2), Sample(3, 1)]);

        Assert.Equal(4, summary.Count);
        Assert.Equal(1, summary.Minimum);
        Assert.Equal(1.75, summary.Average);
        Assert.Equal(3, summary.Maximum);
        Assert.Equal(1, summary.Last);
        Assert.Equal("▁▅█▁", summary.Trend);
    }

    [Fact]
    public void A_long_series_is_drawn_in_at_most_the_width_and_a_flat_one_low()
    {
        var summary = RailwayMetricSummary.Of(RailwayMetricMeasurement.CpuUsage, Enumerable.Range(0, 100).Select(i => Sample(i, 0.5)).ToList());

        Assert.Equal(40, summary.Trend.Length);
        Assert.All(summary.Trend, c => Assert.Equal('▁', c));
        Assert.Equal(10, summary.Sparkline(10).Length);
        Assert.Equal(string.Empty, RailwayMetricSummary.Of(RailwayMetricMeasurement.CpuUsage, []).Trend);
    }
}
