using System.Diagnostics;
using System.Text.Json;

namespace RailwayOps.Emulator.Tests;

/// <summary>The built emulator run as a real process (what the module starts), so a test can kill -9 it.</summary>
public sealed class EngineEmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EngineEmulatorProcess(Process process, JsonElement ready)
    {
        _process = process;
        BaseAddress = new Uri(ready.GetProperty("adminUrl").GetString()!.Replace("_emulator/", ""));
        GitHubApiUrl = new Uri(ready.GetProperty("githubApiUrl").GetString()!);
    }

    public Uri BaseAddress { get; }
    public Uri GitHubApiUrl { get; }
    public int Id => _process.Id;

    public static async Task<EngineEmulatorProcess> StartAsync(string stateDirectory, string seedFile)
    {
        var emulatorDll = Path.Combine(AppContext.BaseDirectory, "RailwayOps.Emulator.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { emulatorDll, "--port", "0", "--state", stateDirectory, "--seed", seedFile,
            "--parent-pid", Environment.ProcessId.ToString() })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(EngineTestWait.Limit);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string marker = "RAILWAYOPS_EMULATOR_READY ";
                if (line.StartsWith(marker, StringComparison.Ordinal))
                {
                    return new EngineEmulatorProcess(process, JsonDocument.Parse(line[marker.Length..]).RootElement.Clone());
                }
            }
            throw new InvalidOperationException("The emulator exited before it was ready");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, children are orphaned, the journal is cut wherever it was.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                await http.PostAsync(new Uri(BaseAddress, "_emulator/shutdown"), null);
            }
            catch (HttpRequestException)
            {
                // Already going down.
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
