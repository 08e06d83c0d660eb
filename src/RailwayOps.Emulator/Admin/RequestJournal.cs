namespace RailwayOps.Emulator.Admin;

public sealed record JournalRecord(DateTimeOffset Time, string Method, string Path, string Operation, int Status,
    double DurationMs, string? Fault);

/// <summary>Counts API requests per operation (GraphQL operationName, or "METHOD route" for REST)
/// and keeps the last entries. Request bodies are never recorded: they may hold variable values.</summary>
public sealed class RequestJournal
{
    public const int KeptEntries = 500;
    private readonly object _gate = new();
    private readonly Queue<JournalRecord> _entries = new();
    private readonly Dictionary<string, long> _byOperation = new(StringComparer.Ordinal);
    private long _total;

    public void Record(JournalRecord entry)
    {
        lock (_gate)
        {
            _total++;
            _byOperation[entry.Operation] = _byOperation.GetValueOrDefault(entry.Operation) + 1;
            _entries.Enqueue(entry);
            while (_entries.Count > KeptEntries)
                _entries.Dequeue();
        }
    }

    public object Snapshot()
    {
        lock (_gate)
            return new
            {
                total = _total,
                byOperation = new SortedDictionary<string, long>(_byOperation, StringComparer.Ordinal),
                entries = _entries.ToArray(),
            };
    }

    public void Clear()
    {
        lock (_gate)
        {
            _total = 0;
            _byOperation.Clear();
            _entries.Clear();
        }
    }
}
