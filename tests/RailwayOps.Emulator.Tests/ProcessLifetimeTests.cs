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
