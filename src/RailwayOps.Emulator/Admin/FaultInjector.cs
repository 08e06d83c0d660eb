namespace RailwayOps.Emulator.Admin;

/// <summary>The active faults, consumed in the order they were posted.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = [];

    public bool IsEmpty
    {
        get { lock (_gate) return _rules.Count == 0; }
    }

    public void Add(FaultRule rule)
    {
        lock (_gate)
            _rules.Add(rule);
    }

    public void Clear()
    {
        lock (_gate)
            _rules.Clear();
    }

    /// <summary>Takes one use of the first rule matching the request, if any.</summary>
    public FaultRule? Take(string path, string? operation)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Kind != "dropWebSocket" && r.Matches(path, operation));
            if (rule is null)
                return null;
            if (rule.Count > 0 && --rule.Count == 0)
                _rules.Remove(rule);
            return rule;
        }
    }
}

/// <summary>Delay added to every API request (an admin setting, for realistic round trips).</summary>
public sealed class LatencySetting(int milliseconds)
{
    public int Milliseconds { get; set; } = milliseconds;
}
