namespace RailwayOps.Emulator.Git;

/// <summary>Picks up the spool files the post-receive hook writes and hands each push to a handler.
/// A file is deleted only after the handler returns, so a push received while the emulator was down
/// (or while it crashed mid-way) is handled when it runs again.</summary>
public sealed class PushSpoolWatcher(GitRepositoryHost host, Action<PushEvent> handler,
    Action<Exception>? onError = null, Action? beforeScan = null) : IAsyncDisposable
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(200);
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _scanLock = new();
    private Task? _loop;

    public void Start()
    {
        _loop ??= Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Handles every pending spool file now (also used by tests and at resume).</summary>
    public void ScanOnce()
    {
        lock (_scanLock)
        {
            beforeScan?.Invoke();
            foreach (var repository in host.Repositories)
            {
                var spool = Path.Combine(repository.Path, GitRepositoryHost.SpoolFolderName);
                if (!Directory.Exists(spool))
                {
                    continue;
                }
                foreach (var file in Directory.GetFiles(spool, "*.push").OrderBy(f => f, StringComparer.Ordinal))
                {
                    try
                    {
                        foreach (var push in ParseSpoolFile(repository.Repo, File.ReadAllText(file)))
                        {
                            handler(push);
                        }
                        File.Delete(file);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // Set aside so that one bad push is reported once instead of retried forever.
                        File.Move(file, file + ".failed", overwrite: true);
                        onError?.Invoke(exception);
                    }
                }
            }
        }
    }

    public static IEnumerable<PushEvent> ParseSpoolFile(string repo, string content)
    {
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3)
            {
                yield return new PushEvent(repo, parts[0], parts[1], parts[2]);
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ScanInterval);
        do
        {
            try
            {
                ScanOnce();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                onError?.Invoke(exception);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        _stopping.Dispose();
    }
}
