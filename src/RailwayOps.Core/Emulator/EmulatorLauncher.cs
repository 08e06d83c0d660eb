using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Emulator;

/// <summary>Starts the emulator program, waits for its ready line, and stops it again.</summary>
public static class EmulatorLauncher
{
    public const string ReadyPrefix = "RAILWAYOPS_EMULATOR_READY ";
    private const int OutputTailLines = 20;

    /// <summary>The emulator's exit codes for a start that cannot succeed (its EmulatorStartupException).</summary>
    private const int ExitInvalidSeed = 3;
    private const int ExitStateDirectoryUnusable = 4;

    /// <summary>How the emulator prefixes the one line it writes for such a start.</summary>
    private const string ErrorPrefix = "railwayops-emulator: error: ";

    /// <summary>Never handed to the emulator: it needs no credential of the user's, and so cannot pass one on.</summary>
    private static readonly string[] CredentialVariables = ["RAILWAY_TOKEN", "RAILWAY_API_TOKEN", "GITHUB_TOKEN", "GH_TOKEN"];

    /// <summary>How long a killed emulator may take to be gone.</summary>
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    /// <summary>How long an emulator may take to shut down cleanly while this process exits.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    public static async Task<RailwayEmulator> StartAsync(EmulatorStartOptions options, IRailwayEventSink events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.EmulatorAssemblyPath))
        {
            throw new EmulatorException(EmulatorErrorKind.NotInstalled, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorNotInstalled, options.EmulatorAssemblyPath));
        }

        if (options.SeedPath is not null && !File.Exists(options.SeedPath))
        {
            throw new EmulatorException(EmulatorErrorKind.SeedNotFound, string.Format(CultureInfo.InvariantCulture, Messages.SeedNotFound, options.SeedPath));
        }

        if (options.StateDirectory is not null && File.Exists(options.StateDirectory))
        {
            throw new EmulatorException(EmulatorErrorKind.StateDirectoryInvalid, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorStateDirectoryIsFile, options.StateDirectory));
        }

        // Without a state directory the launcher makes the folder itself (rather than letting the emulator
        // pick one) so that it knows the folder is its own to delete, also when the start fails.
        var temporaryState = options.StateDirectory is null ? EmulatorStateFolder.CreateTemporary() : null;
        if (temporaryState is not null)
        {
            options = options with { StateDirectory = temporaryState };
        }

        Process process;
        try
        {
            var startInfo = BuildStartInfo(options, temporaryState is not null);
            events.Report(new RailwayEvent(RailwayEventLevel.Verbose, string.Format(
                CultureInfo.InvariantCulture, Messages.EmulatorStarting, startInfo.FileName, string.Join(' ', startInfo.ArgumentList))));
            process = Process.Start(startInfo) ?? throw new EmulatorException(EmulatorErrorKind.ExitedEarly, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorExited, -1, string.Empty));
        }
        catch (Exception exception)
        {
            await DeleteAfterFailedStartAsync(temporaryState, exception).ConfigureAwait(false);
            throw;
        }

        var tail = new OutputTail(OutputTailLines);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Both pipes are drained for the emulator's whole life: a full pipe would block it.
        _ = PumpAsync(process.StandardOutput, line =>
        {
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(line[ReadyPrefix.Length..]);
            }
            else
            {
                tail.Add(line);
            }
        });
        _ = PumpAsync(process.StandardError, tail.Add);

        try
        {
            var json = await WaitForReadyAsync(process, ready.Task, tail, options.ReadyTimeout, cancellationToken).ConfigureAwait(false);
            var emulator = CreateEmulator(json, process, options.SeedPath, temporaryState);
            if (emulator.StateIsTemporary)
            {
                TemporaryStates.Track(emulator);
            }
            else if (temporaryState is not null)
            {
                // It reported another folder than the one it was given: that one is not ours to delete, ours is unused.
                await EmulatorStateFolder.DeleteAsync(temporaryState, CancellationToken.None).ConfigureAwait(false);
            }

            return emulator;
        }
        catch (Exception exception)
        {
            TryKill(process);
            await WaitForExitAsync(process, KillWait).ConfigureAwait(false);
            await DeleteAfterFailedStartAsync(temporaryState, exception).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary state folder of a stopped emulator (see <see cref="RailwayEmulator.StateIsTemporary"/>);
    /// a folder the caller named is never touched. Returns null when the folder is gone (or was never
    /// temporary), else why it could not be deleted: the caller reports that, the stop itself succeeded.
    /// </summary>
    public static async Task<Exception?> DeleteTemporaryStateAsync(RailwayEmulator emulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        if (!emulator.StateIsTemporary)
        {
            return null;
        }

        // Its children stop before it exits (or died with it when it was killed): only then is the folder quiet.
        if (!await WaitForExitAsync(emulator.Process, KillWait).ConfigureAwait(false))
        {
            // Deleting under a running emulator would race with it; the folder stays (it is still tracked).
            return new TimeoutException();
        }

        var failure = await EmulatorStateFolder.DeleteAsync(emulator.StateDirectory, cancellationToken).ConfigureAwait(false);
        TemporaryStates.Forget(emulator);
        return failure;
    }

    /// <summary>
    /// Keeps the temporary state folder of a stopped emulator (for a look at its logs): it is no longer
    /// deleted when this process exits. A later <see cref="DeleteTemporaryStateAsync"/> still deletes it.
    /// </summary>
    public static void KeepTemporaryState(RailwayEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        TemporaryStates.Forget(emulator);
    }

    private static async Task DeleteAfterFailedStartAsync(string? temporaryState, Exception startFailure)
    {
        if (temporaryState is null)
        {
            return;
        }

        var failure = await EmulatorStateFolder.DeleteAsync(temporaryState, CancellationToken.None).ConfigureAwait(false);
        if (failure is not null && startFailure is EmulatorException emulatorException)
        {
            emulatorException.StateDirectoryLeftBehind = temporaryState;
        }
    }

    /// <summary>
    /// Asks the emulator to shut down (it stops every process it started and, on a temporary state folder,
    /// deletes the folder unless <paramref name="keepState"/>), then kills it after the grace period.
    /// </summary>
    public static async Task StopAsync(RailwayEmulator emulator, TimeSpan grace, IRailwayEventSink events, CancellationToken cancellationToken, bool keepState = false)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        if (emulator.HasExited)
        {
            return;
        }

        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await client.PostAsync(new Uri(emulator.AdminUrl, keepState ? "shutdown?keepState=true" : "shutdown"), content: null, cancellationToken).ConfigureAwait(false);
            events.Report(new RailwayEvent(RailwayEventLevel.Verbose, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorShutdownRequested, emulator.ProcessId)));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // It may already be going down; the kill below covers a process that ignores us.
        }

        using var graceTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        graceTimeout.CancelAfter(grace);
        try
        {
            await emulator.Process.WaitForExitAsync(graceTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            TryKill(emulator.Process);
            events.Report(new RailwayEvent(RailwayEventLevel.Warning, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorKilled, emulator.ProcessId, grace.TotalSeconds)));

            // A kill is a signal, not an exit: stopped means gone (its state folder may be deleted next).
            await WaitForExitAsync(emulator.Process, KillWait).ConfigureAwait(false);
        }
    }

    /// <summary>True once the process has exited, false if it is still running after <paramref name="timeout"/>.</summary>
    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Not started by this Process object, or already disposed: nothing left to wait for.
            return true;
        }
    }

    private static ProcessStartInfo BuildStartInfo(EmulatorStartOptions options, bool temporaryState)
    {
        // In a session of its own, the emulator is out of the terminal's foreground process group: Ctrl+C at
        // the prompt (SIGINT to that group) stops the command running there, not the emulator and every app it
        // runs. It still ends with this process (--parent-pid), and on Stop-RailwayEmulator.
        var setsid = options.OwnSession ? FindSetsid() : null;
        var startInfo = new ProcessStartInfo(setsid ?? options.DotnetHostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = Path.GetDirectoryName(options.EmulatorAssemblyPath)!,
        };
        if (setsid is not null)
        {
            startInfo.ArgumentList.Add(options.DotnetHostPath);
        }

        foreach (var name in CredentialVariables)
        {
            startInfo.Environment.Remove(name);
        }

        // A killed .NET process leaves its diagnostic sockets in the temp folder; the emulator needs none.
        if (!startInfo.Environment.ContainsKey("DOTNET_EnableDiagnostics"))
        {
            startInfo.Environment["DOTNET_EnableDiagnostics"] = "0";
        }

        startInfo.ArgumentList.Add(options.EmulatorAssemblyPath);
        startInfo.ArgumentList.Add("--port");
        startInfo.ArgumentList.Add(options.Port.ToString(CultureInfo.InvariantCulture));
        if (options.StateDirectory is not null)
        {
            startInfo.ArgumentList.Add("--state");
            startInfo.ArgumentList.Add(options.StateDirectory);
        }

        if (options.SeedPath is not null)
        {
            startInfo.ArgumentList.Add("--seed");
            startInfo.ArgumentList.Add(options.SeedPath);
        }

        if (options.ParentProcessId is { } parent)
        {
            startInfo.ArgumentList.Add("--parent-pid");
            startInfo.ArgumentList.Add(parent.ToString(CultureInfo.InvariantCulture));
        }

        if (temporaryState)
        {
            // The emulator deletes the folder itself as it exits, so a PowerShell ended by SIGTERM or
            // SIGKILL (which runs no exit handler here) leaves nothing behind either.
            startInfo.ArgumentList.Add("--temporary-state");
        }

        return startInfo;
    }

    /// <summary>util-linux's setsid on Linux (it execs in place: the process id stays the emulator's); null elsewhere.</summary>
    private static string? FindSetsid()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
    }

    private static async Task<string> WaitForReadyAsync(Process process, Task<string> ready, OutputTail tail, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(deadline.Token);
        var first = await Task.WhenAny(ready, exited).ConfigureAwait(false);
        if (first == ready)
        {
            return await ready.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (process.HasExited)
        {
            // Let the pumps catch the last lines before quoting them.
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
            var said = tail.Lines.LastOrDefault(line => line.StartsWith(ErrorPrefix, StringComparison.Ordinal))?[ErrorPrefix.Length..];
            switch (process.ExitCode)
            {
                case ExitInvalidSeed when said is not null:
                    throw new EmulatorException(EmulatorErrorKind.InvalidSeed, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorInvalidSeed, said.TrimEnd('.')));
                case ExitStateDirectoryUnusable when said is not null:
                    throw new EmulatorException(EmulatorErrorKind.StateDirectoryInvalid, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorStateDirectoryUnusable, said.TrimEnd('.')));
            }

            throw new EmulatorException(EmulatorErrorKind.ExitedEarly, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorExited, process.ExitCode, tail.Text));
        }

        throw new EmulatorException(EmulatorErrorKind.NotReady, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorNotReady, timeout.TotalSeconds, tail.Text));
    }

    private static RailwayEmulator CreateEmulator(string json, Process process, string? seedPath, string? temporaryState)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var (accountToken, gitHubToken) = ReadSeedTokens(seedPath);
            Secrets.Redactor.Global.Register(accountToken);
            Secrets.Redactor.Global.Register(gitHubToken);
            var stateDirectory = root.GetProperty("stateDirectory").GetString()!;
            var repositories = new List<RailwayEmulatorRepository>();
            if (root.TryGetProperty("repositories", out var hosted) && hosted.ValueKind == JsonValueKind.Array)
            {
                foreach (var repository in hosted.EnumerateArray())
                {
                    repositories.Add(new RailwayEmulatorRepository(
                        repository.GetProperty("repo").GetString()!,
                        repository.GetProperty("remote").GetString()!,
                        repository.TryGetProperty("defaultBranch", out var branch) ? branch.GetString() ?? "main" : "main"));
                }
            }

            return new RailwayEmulator(
                new Uri(root.GetProperty("graphqlUrl").GetString()!),
                new Uri(root.GetProperty("githubApiUrl").GetString()!),
                new Uri(root.GetProperty("adminUrl").GetString()!),
                stateDirectory,
                temporaryState is not null && SamePath(stateDirectory, temporaryState),
                process,
                accountToken,
                gitHubToken,
                repositories);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException)
        {
            throw new EmulatorException(EmulatorErrorKind.NotReady, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorBadReadyLine, exception.Message), exception);
        }
    }

    /// <summary>The seed's first account token and first GitHub token: what the session connects with.</summary>
    internal static (string? AccountToken, string? GitHubToken) ReadSeedTokens(string? seedPath)
    {
        if (seedPath is null || !File.Exists(seedPath))
        {
            return (null, null);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(seedPath));
        var root = document.RootElement;
        string? account = null;
        if (root.TryGetProperty("tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Array)
        {
            account = tokens.EnumerateArray()
                .Where(token => token.TryGetProperty("kind", out var kind) && kind.GetString() == "account")
                .Select(token => token.TryGetProperty("value", out var value) ? value.GetString() : null)
                .FirstOrDefault(value => !string.IsNullOrEmpty(value));
        }

        string? gitHub = null;
        if (root.TryGetProperty("githubTokens", out var gitHubTokens) && gitHubTokens.ValueKind == JsonValueKind.Array && gitHubTokens.GetArrayLength() > 0)
        {
            gitHub = gitHubTokens[0].GetString();
        }

        return (account, gitHub);
    }

    private static bool SamePath(string left, string right)
    {
        static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return string.Equals(Normalize(left), Normalize(right), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                onLine(line);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The process went away; nothing more to read.
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Emulators whose temporary state folder is still there. When this process exits, each emulator would
    /// stop by itself (it watches this process) and leave its folder behind; instead it is stopped here as
    /// Stop-RailwayEmulator would (a clean shutdown first: a killed .NET process also leaves its diagnostic
    /// pipes in the temp folder) and its folder deleted. Stopping an emulator (or keeping its folder) takes
    /// it off the list.
    /// </summary>
    private static class TemporaryStates
    {
        private static readonly ConcurrentDictionary<RailwayEmulator, byte> Emulators = new();
        private static int hooked;

        public static void Track(RailwayEmulator emulator)
        {
            if (Interlocked.Exchange(ref hooked, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();
            }

            Emulators.TryAdd(emulator, 0);
        }

        public static void Forget(RailwayEmulator emulator) => Emulators.TryRemove(emulator, out _);

        private static void DeleteAll() =>
            Task.WhenAll(Emulators.Keys.Select(StopAndDeleteAsync)).GetAwaiter().GetResult();

        private static async Task StopAndDeleteAsync(RailwayEmulator emulator)
        {
            try
            {
                await StopAsync(emulator, ExitGrace, NullEventSink.Instance, CancellationToken.None).ConfigureAwait(false);
                await DeleteTemporaryStateAsync(emulator, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The process is exiting: there is no one left to report a failure to.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private sealed class OutputTail
    {
        private readonly Queue<string> lines = new();
        private readonly int capacity;

        public OutputTail(int capacity) => this.capacity = capacity;

        public void Add(string line)
        {
            lock (lines)
            {
                lines.Enqueue(line);
                while (lines.Count > capacity)
                {
                    lines.Dequeue();
                }
            }
        }

        public string Text
        {
            get
            {
                lock (lines)
                {
                    return string.Join(Environment.NewLine, lines);
                }
            }
        }

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }
    }
}
