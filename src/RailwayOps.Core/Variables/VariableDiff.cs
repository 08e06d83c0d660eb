namespace RailwayOps.Core.Variables;

/// <summary>Compares the variables a target has with the ones a write wants; names are case-sensitive, as Railway's are.</summary>
public static class VariableDiff
{
    /// <summary>
    /// One change per desired name, in the order given, then (with <paramref name="replace"/>) one
    /// Removed per current name the write drops, in name order.
    /// </summary>
    public static IReadOnlyList<VariableChange> Compare(
        IReadOnlyDictionary<string, string?> current,
        IEnumerable<KeyValuePair<string, string>> desired,
        bool replace)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var changes = new List<VariableChange>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in desired)
        {
            wanted.Add(name);
            var kind = !current.TryGetValue(name, out var existing) ? VariableChangeKind.New
                : string.Equals(existing, value, StringComparison.Ordinal) ? VariableChangeKind.Unchanged
                : VariableChangeKind.Changed;
            changes.Add(new VariableChange(name, kind));
        }

        if (replace)
        {
            changes.AddRange(current.Keys
                .Where(name => !wanted.Contains(name))
                .OrderBy(name => name, StringComparer.Ordinal)
                .Select(name => new VariableChange(name, VariableChangeKind.Removed)));
        }

        return changes;
    }

    /// <summary>Whether writing would change anything at all.</summary>
    public static bool RequiresWrite(IEnumerable<VariableChange> changes) =>
        changes.Any(change => change.Kind != VariableChangeKind.Unchanged);

    /// <summary>Desired names whose read-back value is missing or different: a write Railway said it did but did not.</summary>
    public static IReadOnlyList<string> FindNotApplied(
        IReadOnlyDictionary<string, string?> readBack,
        IEnumerable<KeyValuePair<string, string>> desired) =>
        desired
            .Where(pair => !readBack.TryGetValue(pair.Key, out var actual) || !string.Equals(actual, pair.Value, StringComparison.Ordinal))
            .Select(pair => pair.Key)
            .ToList();

    /// <summary>Names that should be gone but are still there after a removal.</summary>
    public static IReadOnlyList<string> FindStillPresent(IReadOnlyDictionary<string, string?> readBack, IEnumerable<string> removed) =>
        removed.Where(readBack.ContainsKey).ToList();
}
