using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RailwayOps.Emulator.Deploy;

/// <summary>A shell command run in its own session and process group, so that stopping it stops
/// everything it started (a shell's children, a server's workers) and nothing outlives it.</summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopRequested;

    private ManagedProcess(Process process, Action<string, bool> onLine)
    {
        _process = process;
        _stdout = PumpAsync(process.StandardOutput, line => onLine(line, false));
        _stderr = PumpAsync(process.StandardError, line => onLine(line, true));
        _ = WaitForExitAsync();
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output is read.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>True once Stop was asked for: an exit after that is not a crash.</summary>
    public bool StopRequested => Volatile.Read(ref _stopRequested) == 1;

    /// <summary>Starts <paramref name="command"/> with /bin/sh -c; every output line goes to onLine
    /// (second argument: true for stderr).</summary>
    public static ManagedProcess Start(string command, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, Action<string, bool> onLine)
    {
        var info = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        // Python buffers stdout when it is not a terminal; logs must arrive as they are written.
        info.Environment.TryAdd("PYTHONUNBUFFERED", "1");
        var process = Process.Start(info) ?? throw new InvalidOperationException("the process could not be started");
        process.StandardInput.Close();
        return new ManagedProcess(process, onLine);
    }

    /// <summary>Stops the whole process group: SIGTERM, then SIGKILL after a grace period.</summary>
    public async Task StopAsync()
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        if (HasExited)
        {
            return;
        }
        SignalGroup(_process.Id, SigTerm);
        if (await Task.WhenAny(_exited.Task, Task.Delay(GracePeriod)) != _exited.Task)
        {
            SignalGroup(_process.Id, SigKill);
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            await _exited.Task;
        }
        // The shell may have exited on SIGTERM while a child that ignores it lingers in the group.
        SignalGroup(_process.Id, SigKill);
    }

    /// <summary>Kills a process group left behind by an earlier run of the emulator.</summary>
    public static void KillGroup(int processGroupId) => SignalGroup(processGroupId, SigKill);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        // A background child that inherited the pipes could hold them open indefinitely.
        await Task.WhenAny(Task.WhenAll(_stdout, _stderr), Task.Delay(TimeSpan.FromSeconds(1)));
        _exited.TrySetResult(_process.ExitCode);
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            try
            {
                onLine(line);
            }
            catch (Contracts.EmulatorUserException)
            {
                // The deployment may be gone from the state (deleted environment); drop its output.
            }
        }
    }

    private static void SignalGroup(int processGroupId, int signal)
    {
        if (processGroupId > 1)
        {
            _ = Kill(-processGroupId, signal);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
