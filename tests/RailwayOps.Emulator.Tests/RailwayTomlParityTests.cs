using RailwayOps.Core.Health;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>
/// Core (Test-RailwayHealth, Invoke-Cpwtr's health step) and the emulator (what it deploys) read the same
/// railway.toml, each with its own code: for any file Railway accepts they must find the same health path,
/// or a release would probe one path while the deployment was checked on another.
/// </summary>
public sealed class RailwayTomlParityTests : IDisposable
{
    private static readonly ServiceSettingsRecord NoHealthPath = new(null, "serve", null, null, "ON_FAILURE", 10, []);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "railwayops-tomlparity-" + Guid.NewGuid().ToString("N"));

    public RailwayTomlParityTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string, string> Files => new()
    {
        // The case: an inline table (the landed Core reader skipped it and probed /api/health).
        { "deploy = { healthcheckPath = \"/h\" }", "production", "/h" },
        { "[deploy]\nhealthcheckPath = \"/api/h\\u0065alth?q=\\\"x\\\"\"", "production", "/api/health?q=\"x\"" },
        { "deploy.healthcheckPath = '/literal\\n'", "production", "/literal\\n" },
        { "[deploy]\nhealthcheckPath = \"\"\"\n/multi\"\"\"", "production", "/multi" },
        { "[deploy]\nhealthcheckPath = \"/base\"\n[environments.staging]\ndeploy = { healthcheckPath = \"/staging\" }", "staging", "/staging" },
        { "[deploy]\nhealthcheckPath = \"/base\"\n[environments.staging]\ndeploy = { healthcheckPath = \"/staging\" }", "production", "/base" },
        { "environments = { staging = { deploy = { healthcheckPath = \"/nested\" } } }\n[deploy]\nhealthcheckPath = \"/base\"", "staging", "/nested" },
        // An array of tables elsewhere in the file (the landed emulator refused the whole file).
        { "[deploy]\nhealthcheckPath = \"/h\"\n[[deploy.hooks]]\nname = \"a\"\n[[deploy.hooks]]\nname = \"b\"", "production", "/h" },
        { "\"deploy\".\"healthcheckPath\" = \"/quoted\" # a comment", "production", "/quoted" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Core_and_the_emulator_read_the_same_health_path(string toml, string environment, string expected)
    {
        var file = Path.Combine(_folder, "railway.toml");
        File.WriteAllText(file, toml);

        var core = ServiceHealthTargetConfig.ReadFile(file, environment);
        var emulator = RailwayConfig.Resolve(RailwayConfig.FromToml(toml), NoHealthPath, environment, isPullRequestEnvironment: false)
            .HealthcheckPath;

        Assert.Equal((expected, expected), (core, emulator));
    }

    [Theory]
    [InlineData("[deploy]\nhealthcheckPath = \"/a\"\nhealthcheckPath = \"/b\"", 3)]
    [InlineData("[deploy]\nhealthcheckPath = \"/a\"\n[deploy]\nstartCommand = \"x\"", 3)]
    [InlineData("deploy = { healthcheckPath = \"/h\" }\n[deploy]\nstartCommand = \"x\"", 2)]
    public void Neither_takes_a_path_from_a_file_that_is_not_TOML(string toml, int line)
    {
        var file = Path.Combine(_folder, "railway.toml");
        File.WriteAllText(file, toml);

        Assert.Null(ServiceHealthTargetConfig.ReadFile(file, "production"));
        Assert.Equal(line, Assert.Throws<TomlFormatException>(() => RailwayConfig.FromToml(toml)).Line);
    }
}
