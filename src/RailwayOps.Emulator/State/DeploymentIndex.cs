using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

/// <summary>A deployment held by the index; the record is replaced on every change.</summary>
public sealed class DeploymentSlot(long sequence, DeploymentRecord record)
{
    public long Sequence { get; } = sequence;
    public DeploymentRecord Record { get; set; } = record;
}

public sealed record DeploymentPage(IReadOnlyList<DeploymentEntry> Items, bool HasNextPage, bool HasPreviousPage);

/// <summary>
/// Deployments by id and, per scope (project, environment, service, service instance), in creation
/// order. A page is read from the narrowest scope starting at the cursor (a sequence number), so
/// its cost grows with the page, not with the history. Not thread-safe: the store locks around it.
/// </summary>
public sealed class DeploymentIndex
{
    private readonly Dictionary<string, DeploymentSlot> _byId = [];
    private readonly Dictionary<string, List<DeploymentSlot>> _byScope = [];

    public int Count => _byId.Count;

    public static string ProjectScope(string projectId) => "p:" + projectId;
    public static string EnvironmentScope(string environmentId) => "e:" + environmentId;
    public static string ServiceScope(string serviceId) => "s:" + serviceId;
    public static string InstanceScope(string environmentId, string serviceId) => "i:" + environmentId + "/" + serviceId;

    public DeploymentSlot? Get(string id) => _byId.GetValueOrDefault(id);

    public IEnumerable<DeploymentSlot> All => _byId.Values;

    public void Add(DeploymentSlot slot)
    {
        _byId[slot.Record.Id] = slot;
        var record = slot.Record;
        foreach (var scope in ScopesOf(record))
        {
            if (!_byScope.TryGetValue(scope, out var list))
                _byScope[scope] = list = [];
            if (list.Count == 0 || list[^1].Sequence < slot.Sequence)
                list.Add(slot);
            else
                list.Insert(FirstAtOrAbove(list, slot.Sequence), slot);
        }
    }

    public void RemoveEnvironment(string environmentId)
    {
        if (!_byScope.TryGetValue(EnvironmentScope(environmentId), out var doomed))
            return;
        var ids = doomed.Select(s => s.Record.Id).ToHashSet();
        foreach (var id in ids)
            _byId.Remove(id);
        foreach (var key in _byScope.Keys.ToList())
        {
            _byScope[key].RemoveAll(s => ids.Contains(s.Record.Id));
            if (_byScope[key].Count == 0)
                _byScope.Remove(key);
        }
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<DeploymentSlot> InScope(string scope) =>
        _byScope.TryGetValue(scope, out var list) ? list : [];

    public DeploymentSlot? Newest(string scope, Func<DeploymentRecord, bool> match)
    {
        var list = InScope(scope);
        for (var i = list.Count - 1; i >= 0; i--)
            if (match(list[i].Record))
                return list[i];
        return null;
    }

    /// <summary>A Relay page of the scope, newest first. <paramref name="after"/> and
    /// <paramref name="before"/> are sequence numbers taken from cursors.</summary>
    public DeploymentPage Page(string scope, Func<DeploymentRecord, bool> match, int? first, long? after, int? last, long? before)
    {
        var list = InScope(scope);
        // Window of list indices [low, high] holding the sequences strictly between the cursors.
        var high = (after is null ? list.Count : FirstAtOrAbove(list, after.Value)) - 1;
        var low = before is null ? 0 : FirstAtOrAbove(list, before.Value + 1);
        var items = new List<DeploymentEntry>();
        bool hasNext, hasPrevious;
        if (first is not null || last is null)
        {
            var take = first ?? int.MaxValue;
            var i = high;
            for (; i >= low && items.Count < take; i--)
                if (match(list[i].Record))
                    items.Add(new DeploymentEntry(list[i].Sequence, list[i].Record));
            hasNext = AnyMatch(list, match, low, i);
            hasPrevious = after is not null && list.Count > 0 && list[^1].Sequence >= after.Value;
            if (last is not null && items.Count > last.Value)
            {
                items = items.Skip(items.Count - last.Value).ToList();
                hasPrevious = true;
            }
        }
        else
        {
            var i = low;
            for (; i <= high && items.Count < last.Value; i++)
                if (match(list[i].Record))
                    items.Add(new DeploymentEntry(list[i].Sequence, list[i].Record));
            items.Reverse();
            hasPrevious = AnyMatch(list, match, i, high);
            hasNext = before is not null && list.Count > 0 && list[0].Sequence <= before.Value;
        }
        return new DeploymentPage(items, hasNext, hasPrevious);
    }

    private static bool AnyMatch(IReadOnlyList<DeploymentSlot> list, Func<DeploymentRecord, bool> match, int from, int to)
    {
        for (var i = from; i <= to; i++)
            if (match(list[i].Record))
                return true;
        return false;
    }

    private static int FirstAtOrAbove(IReadOnlyList<DeploymentSlot> list, long sequence)
    {
        int low = 0, high = list.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (list[mid].Sequence < sequence)
                low = mid + 1;
            else
                high = mid;
        }
        return low;
    }

    private static IEnumerable<string> ScopesOf(DeploymentRecord record)
    {
        yield return ProjectScope(record.ProjectId);
        yield return EnvironmentScope(record.EnvironmentId);
        yield return ServiceScope(record.ServiceId);
        yield return InstanceScope(record.EnvironmentId, record.ServiceId);
    }
}
