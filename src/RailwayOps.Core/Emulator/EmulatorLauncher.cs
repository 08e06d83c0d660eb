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

        var startInfo = BuildStartInfo(options);
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, string.Format(
            CultureInfo.InvariantCulture, Messages.EmulatorStarting, startInfo.FileName, string.Join(' ', startInfo.ArgumentList))));

        var process = Process.Start(startInfo) ?? throw new EmulatorException(EmulatorErrorKind.ExitedEarly, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorExited, -1, string.Empty));
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
            return CreateEmulator(json, process, options.SeedPath);
        }
        catch
        {
            TryKill(process);
            throw;
        }
    }

    /// <summary>Asks the emulator to shut down, then kills it (and its children) after the grace period.</summary>
    public static async Task StopAsync(RailwayEmulator emulator, TimeSpan grace, IRailwayEventSink events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        if (emulator.HasExited)
        {
            return;
        }

        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await client.PostAsync(new Uri(emulator.AdminUrl, "shutdown"), content: null, cancellationToken).ConfigureAwait(false);
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
        }
    }

    private static ProcessStartInfo BuildStartInfo(EmulatorStartOptions options)
    {
        var startInfo = new ProcessStartInfo(options.DotnetHostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = Path.GetDirectoryName(options.EmulatorAssemblyPath)!,
        };
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

        return startInfo;
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
            throw new EmulatorException(EmulatorErrorKind.ExitedEarly, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorExited, process.ExitCode, tail.Text));
        }

        throw new EmulatorException(EmulatorErrorKind.NotReady, string.Format(CultureInfo.InvariantCulture, Messages.EmulatorNotReady, timeout.TotalSeconds, tail.Text));
    }

    private static RailwayEmulator CreateEmulator(string json, Process process, string? seedPath)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var (accountToken, gitHubToken) = ReadSeedTokens(seedPath);
            Resilience.Redactor.Global.Register(accountToken);
            Resilience.Redactor.Global.Register(gitHubToken);
            return new RailwayEmulator(
                new Uri(root.GetProperty("graphqlUrl").GetString()!),
                new Uri(root.GetProperty("githubApiUrl").GetString()!),
                new Uri(root.GetProperty("adminUrl").GetString()!),
                root.GetProperty("stateDirectory").GetString()!,
                process,
                accountToken,
                gitHubToken);
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
    }
}
