namespace RailwayOps.Emulator.State;

// Variables: an environment's shared scope (serviceId null) and one scope per service.
public sealed partial class EmulatorStore
{
    /// <summary>The variables of exactly one scope.</summary>
    public IReadOnlyDictionary<string, string> GetVariables(string environmentId, string? serviceId)
    {
        lock (_gate)
            return _variables.TryGetValue(new VariableScope(environmentId, serviceId, Empty).Key, out var scope)
                ? scope.Values : Empty;
    }

    /// <summary>Sets many variables in one journalled change; <paramref name="replace"/> drops the others first.</summary>
    public void UpsertVariables(string environmentId, string? serviceId, IReadOnlyDictionary<string, string> values, bool replace)
    {
        lock (_gate)
        {
            var key = new VariableScope(environmentId, serviceId, Empty).Key;
            var merged = replace || !_variables.TryGetValue(key, out var existing)
                ? new SortedDictionary<string, string>(StringComparer.Ordinal)
                : new SortedDictionary<string, string>(existing.Values.ToDictionary(), StringComparer.Ordinal);
            foreach (var (name, value) in values)
                merged[name] = value;
            var scope = new VariableScope(environmentId, serviceId, merged);
            _persistence.Append(new JournalEntry { Variables = scope });
            PutVariables(scope);
        }
    }

    /// <summary>Returns false when the variable did not exist.</summary>
    public bool DeleteVariable(string environmentId, string? serviceId, string name)
    {
        lock (_gate)
        {
            var key = new VariableScope(environmentId, serviceId, Empty).Key;
            if (!_variables.TryGetValue(key, out var existing) || !existing.Values.ContainsKey(name))
                return false;
            var remaining = existing.Values.Where(p => p.Key != name).ToDictionary();
            var scope = new VariableScope(environmentId, serviceId, remaining);
            _persistence.Append(new JournalEntry { Variables = scope });
            PutVariables(scope);
            return true;
        }
    }

    /// <summary>The services of the environment a change to this scope affects.</summary>
    public IReadOnlyList<string> ServicesAffectedBy(string environmentId, string? serviceId)
    {
        if (serviceId is not null)
            return [serviceId];
        lock (_gate)
            return _instances.Values.Where(i => i.EnvironmentId == environmentId).Select(i => i.ServiceId).ToList();
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
