using System.Collections.Concurrent;
using RailwayOps.Core.Events;

namespace RailwayOps;

/// <summary>
/// Carries work from Core's worker threads to the pipeline thread. Workers only enqueue; the
/// pipeline thread runs every queued action, so Write* is never called off the pipeline thread.
/// </summary>
internal sealed class PipelineBridge : IRailwayEventSink
{
    private readonly object gate = new();
    private readonly ConcurrentQueue<Action> pending = new();
    private readonly Action<RailwayEvent> write;
    private BlockingCollection<Action>? active;

    public PipelineBridge(Action<RailwayEvent> write)
    {
        this.write = write;
    }

    public void Report(RailwayEvent railwayEvent) => Post(() => write(railwayEvent));

    /// <summary>Queues an action for the pipeline thread; outside a pump it waits for the next one.</summary>
    public void Post(Action action)
    {
        lock (gate)
        {
            if (active is { IsAddingCompleted: false } queue)
            {
                queue.Add(action);
                return;
            }
        }

        pending.Enqueue(action);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and, on the calling (pipeline) thread,
    /// executes everything it posts until it finishes; then returns its result or rethrows its exception.
    /// </summary>
    public T Pump<T>(Func<Task<T>> work, Action onPipelineFailure)
    {
        var queue = new BlockingCollection<Action>();
        lock (gate)
        {
            active = queue;
        }

        try
        {
            DrainPending();
            var task = Task.Run(work);
            task.ContinueWith(
                _ =>
                {
                    lock (gate)
                    {
                        queue.CompleteAdding();
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            try
            {
                foreach (var action in queue.GetConsumingEnumerable())
                {
                    action();
                }
            }
            catch
            {
                // The pipeline refused an object (Select-Object -First, Ctrl+C): stop the worker too,
                // and observe its outcome so that nothing surfaces later as an unobserved exception.
                onPipelineFailure();
                task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                throw;
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            lock (gate)
            {
                active = null;
            }

            DrainPending();
        }
    }

    /// <summary>Runs actions queued while no pump was active (e.g. warnings raised during resolution).</summary>
    public void DrainPending()
    {
        while (pending.TryDequeue(out var action))
        {
            action();
        }
    }
}
