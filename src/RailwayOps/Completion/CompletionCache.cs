using System.Collections.Concurrent;

namespace RailwayOps.Completion;

/// <summary>
/// Names fetched for completion, kept briefly per endpoint, token source, session and scope so that pressing Tab
/// again (or cycling through candidates) does not call the API again. A failed fetch is remembered for a
/// shorter time, so a missing token or an unreachable endpoint costs one timeout, not one per keystroke.
/// </summary>
internal static class CompletionCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    public static bool TryGet(string key, out IReadOnlyList<CompletionCandidate> candidates)
    {
        if (Entries.TryGetValue(key, out var entry) && entry.Expires > DateTimeOffset.UtcNow)
        {
            candidates = entry.Candidates;
            return true;
        }

        candidates = Array.Empty<CompletionCandidate>();
        return false;
    }

    public static void Set(string key, IReadOnlyList<CompletionCandidate> candidates, bool failed)
    {
        foreach (var stale in Entries.Where(pair => pair.Value.Expires <= DateTimeOffset.UtcNow).Select(pair => pair.Key).ToList())
        {
            Entries.TryRemove(stale, out _);
        }

        Entries[key] = new Entry(candidates, DateTimeOffset.UtcNow + (failed ? FailureLifetime : Lifetime));
    }

    private sealed record Entry(IReadOnlyList<CompletionCandidate> Candidates, DateTimeOffset Expires);
}

/// <summary>One name offered for completion, with the id shown as its tooltip.</summary>
internal sealed record CompletionCandidate(string Name, string Id);
