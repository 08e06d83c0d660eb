using System.Collections.Concurrent;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>
/// Counts HTTP requests per GraphQL operation (every attempt, retries included), so benchmarks can
/// report what each cmdlet costs against Railway's hourly budget.
/// </summary>
public sealed class RequestCounter
{
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);
    private long total;

    /// <summary>The process-wide counter every transport also adds to.</summary>
    public static RequestCounter Global { get; } = new();

    public long Total => Interlocked.Read(ref total);

    public void Increment(string operationName)
    {
        counts.AddOrUpdate(operationName, 1, (_, count) => count + 1);
        Interlocked.Increment(ref total);
    }

    public long this[string operationName] => counts.TryGetValue(operationName, out var count) ? count : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(counts, StringComparer.Ordinal);

    public void Reset()
    {
        counts.Clear();
        Interlocked.Exchange(ref total, 0);
    }
}
