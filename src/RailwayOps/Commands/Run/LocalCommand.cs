using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RailwayOps.Commands;

/// <summary>
/// A local child process run with a service's variables (railway run): its stdin and stderr are the terminal's, its stdout
/// too unless the caller captures it; Ctrl+C (or a pipeline stop) reaches it as SIGINT, and it is killed only when it has not
/// ended <see cref="StopGrace"/> later, so nothing it started is left running.
/// </summary>
internal sealed class LocalCommand : IDisposable
{
    /// <summary>How long a stopped child has to end after SIGINT before it and its children are killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>A Ctrl+C typed in the terminal reaches the child by itself; the forwarded one waits this long, so a child that ended on it does not get a second.</summary>
    private static readonly TimeSpan ForwardDelay = TimeSpan.FromMilliseconds(200);

    private const int SigInt = 2;

    private readonly Process process;

    private LocalCommand(Process process) => this.process = process;

    public int Id => process.Id;

    public StreamReader? Output => process.StartInfo.RedirectStandardOutput ? process.StandardOutput : null;

    /// <summary>The child's stderr when the caller captures it (a database tool's message for its error record).</summary>
    public StreamReader? Error => process.StartInfo.RedirectStandardError ? process.StandardError : null;

    /// <exception cref="Win32Exception">The executable could not be started.</exception>
    public static LocalCommand Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> variables, bool captureOutput, bool captureError = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = captureOutput,
            RedirectStandardError = captureError,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        process.Start();
        return new LocalCommand(process);
    }

    /// <summary>Waits for the exit; on cancellation forwards SIGINT, waits <see cref="StopGrace"/>, then kills the tree, and rethrows.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var forward = new CancellationTokenSource(ForwardDelay))
        {
            try
            {
                await process.WaitForExitAsync(forward.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // Still running: it did not get (or did not end on) a terminal's Ctrl+C.
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            _ = kill(process.Id, SigInt);
        }

        using var grace = new CancellationTokenSource(OperatingSystem.IsWindows() ? TimeSpan.Zero : StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public int ExitCode => process.ExitCode;

    public void Dispose() => process.Dispose();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
