using System.Diagnostics;
using System.Text.Json;

namespace RailwayOps.Emulator.Tests;

/// <summary>The emulator as the module starts it: `dotnet RailwayOps.Emulator.dll`, ready when it prints its READY line.</summary>
public sealed class EmulatorProcess : IDisposable
{
    private const string ReadyPrefix = "RAILWAYOPS_EMULATOR_READY ";
    private readonly Process _process;

    private EmulatorProcess(Process process, JsonElement ready)
    {
        _process = process;
        Ready = ready;
    }

    public JsonElement Ready { get; }
    public Uri GraphqlUrl => new(Ready.GetProperty("graphqlUrl").GetString()!);
    public Uri AdminUrl => new(Ready.GetProperty("adminUrl").GetString()!);
    public bool HasExited => _process.HasExited;

    public static async Task<EmulatorProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RailwayOps.Emulator.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(guard.Token)
                    ?? throw new InvalidOperationException($"the emulator exited with code {WaitForExitCode(process)} before it was ready");
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                    return new EmulatorProcess(process, JsonDocument.Parse(line[ReadyPrefix.Length..]).RootElement.Clone());
            }
        }
        catch
        {
            KillTree(process);
            process.Dispose();
            throw;
        }
    }

    private static int WaitForExitCode(Process process)
    {
        process.WaitForExit(5000);
        return process.HasExited ? process.ExitCode : -1;
    }

    /// <summary>SIGKILL to the emulator and everything below it: nothing of it runs on.</summary>
    public void KillHard() => KillTree(_process);

    /// <summary>SIGKILL to the emulator alone, as `kill -9 PID`: no shutdown code runs, what it started lives on.</summary>
    public void Kill9()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        KillTree(_process);
        _process.Dispose();
    }
}
