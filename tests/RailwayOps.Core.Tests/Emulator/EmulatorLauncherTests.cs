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

    // The stand-in takes --state as the real emulator does and reports it in its ready line.
    private const string StateArgument = """
        while [ $# -gt 0 ]; do
          if [ "$1" = --state ]; then state="$2"; shift; fi
          shift
        done
        """;

    private const string ReadyWithState = """
        echo "RAILWAYOPS_EMULATOR_READY {\"graphqlUrl\":\"http://127.0.0.1:5999/graphql/v2\",\"githubApiUrl\":\"http://127.0.0.1:5999/api/v3/\",\"adminUrl\":\"http://127.0.0.1:5999/_emulator/\",\"stateDirectory\":\"$state\",\"pid\":1}"
        """;

    [SkippableFact]
    public async Task WithoutAStateDirectoryTheStateGoesToATemporaryFolderThatIsDeletedAfterTheStop()
    {
        Skip.If(OperatingSystem.IsWindows(), "The stand-in emulator is a POSIX shell script.");
        // As git leaves them: read-only objects in a folder, and a folder made read-only (as Go's module cache does).
        var options = Options(StateArgument + """

            mkdir -p "$state/git/objects/ab" "$state/work/cache"
            echo object > "$state/git/objects/ab/cdef"
            chmod 444 "$state/git/objects/ab/cdef"
            echo cached > "$state/work/cache/module"
            chmod 555 "$state/work/cache"

            """ + ReadyWithState + """

            sleep 30
            """);

        var emulator = await EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None);
        string state = emulator.StateDirectory;
        try
        {
            Assert.True(emulator.StateIsTemporary);
            Assert.StartsWith("railwayops-emulator-", Path.GetFileName(state), StringComparison.Ordinal);
            Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetTempPath()), Path.GetDirectoryName(state));
            Assert.True(File.Exists(Path.Combine(state, "git", "objects", "ab", "cdef")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
            }
        }
        finally
        {
            await EmulatorLauncher.StopAsync(emulator, TimeSpan.FromMilliseconds(200), new RecordingEventSink(), CancellationToken.None);
        }

        var failure = await EmulatorLauncher.DeleteTemporaryStateAsync(emulator, CancellationToken.None);

        Assert.Null(failure);
        Assert.False(Directory.Exists(state));
    }

    [SkippableFact]
    public async Task ANamedStateDirectoryIsNeverDeleted()
    {
        Skip.If(OperatingSystem.IsWindows(), "The stand-in emulator is a POSIX shell script.");
        var named = Directory.CreateDirectory(Path.Combine(folder, "state")).FullName;
        var options = Options(StateArgument + "\n" + ReadyWithState + "\nsleep 30\n") with { StateDirectory = named };

        var emulator = await EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None);
        await EmulatorLauncher.StopAsync(emulator, TimeSpan.FromMilliseconds(200), new RecordingEventSink(), CancellationToken.None);
        var failure = await EmulatorLauncher.DeleteTemporaryStateAsync(emulator, CancellationToken.None);

        Assert.Equal(named, emulator.StateDirectory);
        Assert.False(emulator.StateIsTemporary);
        Assert.Null(failure);
        Assert.True(Directory.Exists(named));
    }

    [SkippableFact]
    public async Task AFailedStartDeletesTheTemporaryFolderMadeForIt()
    {
        Skip.If(OperatingSystem.IsWindows(), "The stand-in emulator is a POSIX shell script.");
        var record = Path.Combine(folder, "state-was");
        var options = Options(StateArgument + $$"""

            echo "$state" > '{{record}}'
            echo "no seed for you" > "$state/journal.jsonl"
            exit 3
            """);

        var exception = await Assert.ThrowsAsync<EmulatorException>(() => EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None));

        var state = File.ReadAllText(record).Trim();
        Assert.StartsWith("railwayops-emulator-", Path.GetFileName(state), StringComparison.Ordinal);
        Assert.False(Directory.Exists(state));
        Assert.Null(exception.StateDirectoryLeftBehind);
    }

    [SkippableFact]
    public async Task ProcessesTheEmulatorLeftWorkingInTheFolderAreEndedBeforeItIsDeleted()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Leftover processes are found through /proc.");
        // Like a deployed app whose emulator crashed: it outlived the emulator (the subshell that started it
        // exited, so it is no longer in the emulator's process tree), still works in the state folder and
        // carries the engine's marker. A shell someone opened in the folder has no marker and is left alone.
        var writerPid = Path.Combine(folder, "writer.pid");
        var bystanderPid = Path.Combine(folder, "bystander.pid");
        var options = Options(StateArgument + $$"""

            mkdir -p "$state/work/deployment"
            (cd "$state/work/deployment" && RAILWAYOPS_EMULATOR_INSTANCE=test setsid sh -c 'echo $$ > "$0"; i=0; while :; do i=$((i+1)); echo $i > "log$i" 2>/dev/null; sleep 0.01; done' '{{writerPid}}' </dev/null >/dev/null 2>&1 &)
            (cd "$state" && setsid sh -c 'echo $$ > "$0"; exec sleep 60' '{{bystanderPid}}' </dev/null >/dev/null 2>&1 &)
            while [ ! -s '{{writerPid}}' ] || [ ! -s '{{bystanderPid}}' ]; do sleep 0.05; done

            """ + ReadyWithState + """

            sleep 30
            """);

        var emulator = await EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None);
        var writer = int.Parse(File.ReadAllText(writerPid).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var bystander = int.Parse(File.ReadAllText(bystanderPid).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            emulator.Process.Kill();
            await emulator.Process.WaitForExitAsync();
            Assert.True(IsRunning(writer));

            var failure = await EmulatorLauncher.DeleteTemporaryStateAsync(emulator, CancellationToken.None);

            Assert.Null(failure);
            Assert.False(Directory.Exists(emulator.StateDirectory));
            Assert.False(IsRunning(writer));
            Assert.True(IsRunning(bystander));
        }
        finally
        {
            foreach (var id in new[] { writer, bystander })
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(id);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                }
            }
        }
    }

    private static bool IsRunning(int id)
    {
        // A killed process stays a zombie until its parent (here: init) reaps it; it runs no more.
        var stat = $"/proc/{id}/stat";
        for (var attempt = 0; attempt < 20 && File.Exists(stat); attempt++)
        {
            try
            {
                var text = File.ReadAllText(stat);
                return text[(text.LastIndexOf(')') + 2)] != 'Z';
            }
            catch (IOException)
            {
                Thread.Sleep(10);
            }
        }

        return false;
    }

    [SkippableFact]
    public async Task AnInvalidSeedReportedByTheEmulatorIsItsOwnErrorWithTheEmulatorsReason()
    {
        Skip.If(OperatingSystem.IsWindows(), "The stand-in emulator is a POSIX shell script.");
        var options = Options("""
            echo "railwayops-emulator: error: the seed file /x/seed.json is not a valid seed: 'p' is an invalid start of a value." >&2
            exit 3
            """);

        var exception = await Assert.ThrowsAsync<EmulatorException>(() => EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None));

        Assert.Equal(EmulatorErrorKind.InvalidSeed, exception.Kind);
        Assert.StartsWith("The seed could not be used: the seed file /x/seed.json is not a valid seed: 'p' is an invalid start of a value.", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("railwayops-emulator: error", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStateDirectoryThatIsAFileIsRefusedBeforeAnythingStarts()
    {
        var file = Write("not-a-folder", "x");
        var started = Path.Combine(folder, "started");
        var options = Options($"touch '{started}'\n") with { StateDirectory = file };

        var exception = await Assert.ThrowsAsync<EmulatorException>(() => EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None));

        Assert.Equal(EmulatorErrorKind.StateDirectoryInvalid, exception.Kind);
        Assert.Contains(file, exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(started));
    }

    [SkippableFact]
    public async Task TheEmulatorRunsInASessionOfItsOwnAndIsToldWhenItsStateIsTemporary()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/usr/bin/setsid"), "Sessions are made with util-linux's setsid.");
        var arguments = Path.Combine(folder, "arguments");
        var options = Options(StateArgument.Replace("while", $"echo \"$@\" > '{arguments}'\nwhile", StringComparison.Ordinal) + """

            echo "RAILWAYOPS_EMULATOR_READY {\"graphqlUrl\":\"http://127.0.0.1:5999/graphql/v2\",\"githubApiUrl\":\"http://127.0.0.1:5999/api/v3/\",\"adminUrl\":\"http://127.0.0.1:5999/_emulator/\",\"stateDirectory\":\"$state\",\"pid\":1,\"repositories\":[{\"repo\":\"railwayops/hello-railway\",\"remote\":\"$state/git/railwayops/hello-railway.git\",\"defaultBranch\":\"main\"}]}"
            sleep 30
            """);

        var emulator = await EmulatorLauncher.StartAsync(options, new RecordingEventSink(), CancellationToken.None);
        try
        {
            var stat = File.ReadAllText($"/proc/{emulator.ProcessId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            Assert.Equal(emulator.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[3]);
            Assert.Equal(emulator.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[2]);
            Assert.Contains("--temporary-state", File.ReadAllText(arguments), StringComparison.Ordinal);
            var repository = Assert.Single(emulator.Repositories);
            Assert.Equal("railwayops/hello-railway", repository.Repository);
            Assert.Equal(Path.Combine(emulator.StateDirectory, "git", "railwayops", "hello-railway.git"), repository.Remote);
            Assert.Equal("main", repository.DefaultBranch);
        }
        finally
        {
            await EmulatorLauncher.StopAsync(emulator, TimeSpan.FromMilliseconds(200), new RecordingEventSink(), CancellationToken.None);
            await EmulatorLauncher.DeleteTemporaryStateAsync(emulator, CancellationToken.None);
        }
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
