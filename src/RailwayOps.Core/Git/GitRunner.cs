using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Git;

/// <summary>
/// Runs the <c>git</c> executable with an argument list (never through a shell), so the user's
/// credential helpers, SSH agent and config apply exactly as on their command line.
/// </summary>
/// <remarks>
/// Git never prompts (<c>GIT_TERMINAL_PROMPT=0</c>, <c>GCM_INTERACTIVE=never</c>, stdin closed) and
/// speaks English (<c>LC_ALL=C</c>) so its messages can be recognised. Cancelling stops git and
/// every process it started (hooks, ssh, credential helpers), letting git remove its lock files.
/// </remarks>
public sealed class GitRunner
{
    private static readonly string[] RepositoryRedirects =
    [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_NAMESPACE",
    ];

    private readonly string executable;
    private readonly IRailwayEventSink events;

    /// <param name="executable">The git executable; "git" resolves through PATH.</param>
    /// <param name="events">Receives each command line (URL credentials redacted) as a verbose event before it runs.</param>
    public GitRunner(string executable = "git", IRailwayEventSink? events = null)
    {
        this.executable = executable;
        this.events = events ?? NullEventSink.Instance;
    }

    /// <summary>Runs git and returns its result whatever the exit code.</summary>
    /// <exception cref="GitNotFoundException">git could not be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; git and its children have been killed.</exception>
    public Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, null, cancellationToken);

    /// <summary>Runs git with extra environment variables (set after the repository redirects are cleared).</summary>
    /// <exception cref="GitNotFoundException">git could not be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; git and its children have been killed.</exception>
    public async Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = FormatCommand(arguments);
        if (!Directory.Exists(workingDirectory))
        {
            // Process.Start reports a missing folder exactly like a missing executable.
            throw new GitException(GitMessages.Format(GitMessages.WorkingDirectoryMissing, workingDirectory), command, -1, string.Empty);
        }
        this.events.Report(new RailwayEvent(RailwayEventLevel.Verbose, command));
        using var process = new Process { StartInfo = CreateStartInfo(workingDirectory, arguments, environment) };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new GitNotFoundException(command, exception);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ProcessTermination.Stop(process);
            throw;
        }
        // A hook may leave a background child holding git's pipes open; cancellation must still win.
        await Task.WhenAll(stdout, stderr).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new GitResult(process.ExitCode, await stdout.ConfigureAwait(false), GitRedaction.Redact(await stderr.ConfigureAwait(false)));
    }

    /// <summary>Runs git and throws <see cref="GitException"/> unless it exits with 0.</summary>
    public async Task<GitResult> RunCheckedAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(workingDirectory, arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var command = FormatCommand(arguments);
            throw new GitException(GitException.Describe(command, result.ExitCode, result.StandardError), command, result.ExitCode, result.StandardError);
        }
        return result;
    }

    /// <summary>The command line for messages: quoted where needed, URL credentials redacted.</summary>
    public static string FormatCommand(IEnumerable<string> arguments) =>
        GitRedaction.Redact("git " + string.Join(' ', arguments.Select(Quote)));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? argument
            : "\"" + argument.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private ProcessStartInfo CreateStartInfo(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(this.executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // Set when running inside a git hook (a hook that runs the tests, or a script started from
        // one): they would point every command at that other repository instead of workingDirectory.
        foreach (var redirect in RepositoryRedirects)
        {
            info.Environment.Remove(redirect);
        }
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GCM_INTERACTIVE"] = "never";
        info.Environment["LC_ALL"] = "C";
        // Read-only commands (status) must not take the index lock another git process may hold.
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }
}
