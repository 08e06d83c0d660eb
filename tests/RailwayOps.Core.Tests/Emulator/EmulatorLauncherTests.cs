using RailwayOps.Core.Emulator;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.Emulator;

/// <summary>
/// The launcher against stand-in programs: /bin/sh plays the dotnet host and a small script plays the
/// emulator, so start, the ready line, early exit and stop are exercised with real processes.
/// </summary>
public sealed class EmulatorLauncherTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("railwayops-launcher-").FullName;

    private EmulatorStartOptions Options(string script) => new()
    {
        DotnetHostPath = "/bin/sh",
        EmulatorAssemblyPath = Write("emulator.sh", script),
        ReadyTimeout = TimeSpan.FromSeconds(30),
    };

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    [SkippableFact]
    public async Task ReadsTheReadyLineAndTheSeedsTokens()
    {
        Skip.If(OperatingSystem.IsWindows(), "The stand-in emulator is a POSIX shell script.");
        var seed = Write("seed.json", """{"tokens":[{"kind":"project","value":"p-token-1234"},{"kind":"account","value":"a-token-5678"}],"githubTokens":["gh-token-9012"]}""");
        var options = Options("""
            echo "starting up"
            echo 'RAILWAYOPS_EMULATOR_READY {"graphqlUrl":"http://127.0.0.1:5999/graphql/v2","githubApiUrl":"http://127.0.0.1:5999/api/v3/","adminUrl":"http://127.0.0.1:5999/_emulator/","stateDirectory":"/tmp/state","pid":1}'
            sleep 30
            """) with { SeedPath = seed };

        var emulator = await EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None);
        try
        {
            Assert.Equal(new Uri("http://127.0.0.1:5999/graphql/v2"), emulator.GraphQLUrl);
            Assert.Equal("/tmp/state", emulator.StateDirectory);
            var session = emulator.CreateSession();
            Assert.Equal(Core.Auth.RailwayTokenKind.Account, session.Credential!.Kind);
            Assert.Equal("a-token-5678", session.Credential.Token);
            Assert.Equal("gh-token-9012", session.GitHubCredential!.Token);
        }
        finally
        {
            await EmulatorLauncher.StopAsync(emulator, TimeSpan.FromMilliseconds(200), new RecordingEventSink(), CancellationToken.None);
        }

        Assert.True(emulator.HasExited);
    }

    [SkippableFact]
    public async Task AnEarlyExitQuotesTheLastOutput()
    {
        Skip.If(OperatingSystem.IsWindows(), "The stand-in emulator is a POSIX shell script.");
        var options = Options("""
            echo "port 5999 is already in use" >&2
            exit 3
            """);

        var exception = await Assert.ThrowsAsync<EmulatorException>(() => EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None));

        Assert.Equal(EmulatorErrorKind.ExitedEarly, exception.Kind);
        Assert.Contains("code 3", exception.Message);
        Assert.Contains("port 5999 is already in use", exception.Message);
    }

    [Fact]
    public async Task AMissingEmulatorIsNotInstalled()
    {
        var options = new EmulatorStartOptions { DotnetHostPath = "dotnet", EmulatorAssemblyPath = Path.Combine(folder, "missing.dll") };

        var exception = await Assert.ThrowsAsync<EmulatorException>(() => EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None));

        Assert.Equal(EmulatorErrorKind.NotInstalled, exception.Kind);
    }

    [Fact]
    public void TheDotnetHostComesFromDotnetHostPathThenPathThenDefaults()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var onPath = Path.Combine(folder, "bin", executable);
        var environment = new FakeEnvironment().With("PATH", Path.Combine(folder, "bin")).With("DOTNET_HOST_PATH", "/opt/dotnet/" + executable);
        var existing = new HashSet<string> { onPath, "/opt/dotnet/" + executable };

        Assert.Equal("/opt/dotnet/" + executable, DotnetHostLocator.Find(environment, "/usr/bin/pwsh", existing.Contains));
        environment.Variables.Remove("DOTNET_HOST_PATH");
        Assert.Equal(onPath, DotnetHostLocator.Find(environment, "/usr/bin/pwsh", existing.Contains));
        Assert.Null(DotnetHostLocator.Find(new FakeEnvironment(), "/usr/bin/pwsh", _ => false));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
