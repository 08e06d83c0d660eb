using Microsoft.Extensions.Logging;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The engine's work that no request waits for (pipelines, restarts, crash watchers, resumes):
/// every piece is tracked from its start, and a shutdown waits for all of them after cancelling them.</summary>
public sealed class BackgroundWork(ILogger logger)
{
    private readonly object _lock = new();
    private readonly HashSet<Task> _running = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool; its failure is logged, never lost. The task
    /// returned never faults.</summary>
    public Task Run(Func<Task> work, string what)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Background work failed: {What}", what);
            }
        });
        lock (_lock)
        {
            _running.Add(task);
        }
        _ = task.ContinueWith(done =>
        {
            lock (_lock)
            {
                _running.Remove(done);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Waits until every piece of work has ended (work started meanwhile included), at most
    /// <paramref name="limit"/>; true when nothing is left.</summary>
    public async Task<bool> WaitAllAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task[] running;
            lock (_lock)
            {
                running = [.. _running];
            }
            if (running.Length == 0)
            {
                return true;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }
            await Task.WhenAny(Task.WhenAll(running), Task.Delay(remaining));
        }
    }
}
