namespace RailwayOps.Core;

/// <summary>Small helpers for the async streams and background tasks the client and the waiters juggle.</summary>
internal static class AsyncEnumeration
{
    /// <summary>A task that completes when <paramref name="task"/> does, its failure observed rather than thrown.</summary>
    public static Task Observe(Task task) => task.ContinueWith(done => _ = done.Exception, TaskScheduler.Default);

    /// <summary>
    /// Ends an enumeration that may have a MoveNextAsync in flight: an async iterator cannot be disposed
    /// while one is pending, so it is cancelled and allowed to finish first (its outcome observed), then disposed.
    /// </summary>
    public static async Task CancelAndDisposeAsync<T>(IAsyncEnumerator<T> enumerator, Task<bool> pending, CancellationTokenSource cancellation)
    {
        cancellation.Cancel();
        await Observe(pending).ConfigureAwait(false);
        await enumerator.DisposeAsync().ConfigureAwait(false);
    }
}
