using System.Diagnostics;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class ProcessLifetimeTests : IDisposable
{
    private readonly string _stateDirectory = TestEmulator.NewStateDirectory();

    public void Dispose() => TestEmulator.DeleteFolder(_stateDirectory);

    [Fact]
    public async Task EmulatorExitsWhenItsParentProcessExits()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        try
        {
            using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--seed", "none", "--state", _stateDirectory,
                "--parent-pid", parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            parent.Kill();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await emulator.WaitForExitAsync(guard.Token);
            Assert.True(emulator.HasExited);
        }
        finally
        {
            if (!parent.HasExited)
                parent.Kill();
        }
    }

    [Fact]
    public async Task AnInvalidSeedIsRefusedInOneLineWithItsOwnExitCode()
    {
        var seed = Path.Combine(_stateDirectory + "-seed.json");
        File.WriteAllText(seed, "{ \"projects\": [ this is not JSON");
        try
        {
            var (exitCode, error) = await RunToExitAsync("--seed", seed, "--state", _stateDirectory);

            Assert.Equal(3, exitCode);
            Assert.StartsWith("railwayops-emulator: error: the seed file " + seed + " is not a valid seed:", error);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("   at ", error);
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Fact]
    public async Task AStateFolderThatIsAFileIsRefusedInOneLineWithItsOwnExitCode()
    {
        File.WriteAllText(_stateDirectory + "-file", "not a folder");
        try
        {
            var (exitCode, error) = await RunToExitAsync("--seed", "none", "--state", _stateDirectory + "-file");

            Assert.Equal(4, exitCode);
            Assert.Equal($"railwayops-emulator: error: the state folder {_stateDirectory}-file is a file: name a folder, or one that does not exist yet", error.Trim());
        }
        finally
        {
            File.Delete(_stateDirectory + "-file");
        }
    }

    [Fact]
    public async Task ATemporaryStateFolderIsDeletedWhenTheEmulatorStops()
    {
        Directory.CreateDirectory(_stateDirectory);
        using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--seed", "none", "--state", _stateDirectory, "--temporary-state");
        Assert.True(File.Exists(Path.Combine(_stateDirectory, "secret.key")));

        using (var http = new HttpClient())
            await http.PostAsync(new Uri(emulator.AdminUrl, "shutdown"), null);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await emulator.WaitForExitAsync(guard.Token);

        Assert.False(Directory.Exists(_stateDirectory));
    }

    [Fact]
    public async Task ATemporaryStateFolderIsKeptWhenTheShutdownAsksForIt()
    {
        Directory.CreateDirectory(_stateDirectory);
        using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--seed", "none", "--state", _stateDirectory, "--temporary-state");

        using (var http = new HttpClient())
            await http.PostAsync(new Uri(emulator.AdminUrl, "shutdown?keepState=true"), null);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await emulator.WaitForExitAsync(guard.Token);

        Assert.True(File.Exists(Path.Combine(_stateDirectory, "state.json")));
    }

    [Fact]
    public async Task AfterKill9TheWatchdogDeletesATemporaryStateFolder()
    {
        Directory.CreateDirectory(_stateDirectory);
        using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--seed", "none", "--state", _stateDirectory, "--temporary-state");

        emulator.Kill9();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (Directory.Exists(_stateDirectory) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.False(Directory.Exists(_stateDirectory));
    }

    [Fact]
    public async Task TheReadyLineNamesTheGitRemoteOfEveryHostedRepository()
    {
        using var emulator = await EmulatorProcess.StartAsync("--port", "0", "--state", _stateDirectory);

        var repositories = emulator.Ready.GetProperty("repositories");
        var hello = repositories.EnumerateArray().Single(r => r.GetProperty("repo").GetString() == "railwayops/hello-railway");
        Assert.Equal(Path.Combine(_stateDirectory, "git", "railwayops", "hello-railway.git"), hello.GetProperty("remote").GetString());
        Assert.Equal("main", hello.GetProperty("defaultBranch").GetString());
        Assert.True(File.Exists(Path.Combine(hello.GetProperty("remote").GetString()!, "HEAD")));
    }

    private static async Task<(int ExitCode, string Error)> RunToExitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RailwayOps.Emulator.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal("", output);
        return (process.ExitCode, await error);
    }

    [Fact]
    public async Task AnUnknownArgumentIsRefusedWithUsage()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RailwayOps.Emulator.dll"));
        start.ArgumentList.Add("--bogus");
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage:", error);
    }
}
