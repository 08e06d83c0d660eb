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
    private readonly Action<ManagedProcess>? _onDisposed;
    private int _stopRequested;
    private int _disposed;

    private ManagedProcess(Process process, Action<string, bool> onLine, Action<ManagedProcess>? onDisposed)
    {
        _process = process;
        _onDisposed = onDisposed;
        Id = process.Id;
        _stdout = PumpAsync(process.StandardOutput, line => onLine(line, false));
        _stderr = PumpAsync(process.StandardError, line => onLine(line, true));
        _ = WaitForExitAsync();
    }

    /// <summary>The shell's process id, which is also its session and process group id.</summary>
    public int Id { get; }

    /// <summary>Completes with the exit code once the process has exited and its output is read.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>True once Stop was asked for: an exit after that is not a crash.</summary>
    public bool StopRequested => Volatile.Read(ref _stopRequested) == 1;

    /// <summary>Starts <paramref name="command"/> with /bin/sh -c in a new session, with exactly
    /// <paramref name="environment"/> (nothing of this process's own environment); every output line goes to
    /// onLine (second argument: true for stderr). Engine code starts processes through
    /// <see cref="ProcessRegistry.Start"/>, which owns them.</summary>
    public static ManagedProcess Start(string command, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, Action<string, bool> onLine,
        Action<ManagedProcess>? onDisposed = null)
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
        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("the process could not be started");
        process.StandardInput.Close();
        return new ManagedProcess(process, onLine, onDisposed);
    }

    /// <summary>Stops the whole process group: SIGTERM, then SIGKILL after a grace period. When the shell
    /// has already exited, what it left in its group is killed.</summary>
    public async Task StopAsync()
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        if (HasExited)
        {
            KillGroupRemnants();
            return;
        }
        SignalGroup(Id, SigTerm);
        if (await Task.WhenAny(_exited.Task, Task.Delay(GracePeriod)) != _exited.Task)
        {
            SignalGroup(Id, SigKill);
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
        KillGroupRemnants();
    }

    /// <summary>Once the leader is gone its id may be reused, so the group is not signalled blindly: only
    /// processes still in it (which keep the id from being reused) are killed.</summary>
    private void KillGroupRemnants()
    {
        foreach (var member in ProcessTable.InGroup(Id))
        {
            KillProcess(member);
        }
    }

    /// <summary>Kills a process group left behind by an earlier run of the emulator.</summary>
    public static void KillGroup(int processGroupId) => SignalGroup(processGroupId, SigKill);

    /// <summary>SIGKILL to one process.</summary>
    public static void KillProcess(int processId)
    {
        if (processId > 1)
        {
            _ = Kill(processId, SigKill);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDisposed?.Invoke(this);
            _process.Dispose();
        }
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
