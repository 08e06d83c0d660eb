using RailwayOps.Core.Railway;

namespace RailwayOps.Core.Variables;

/// <summary>
/// A write worked out against the target's current variables, before anything is sent. It holds
/// values, so it is a class without a printing ToString.
/// </summary>
public sealed class VariablePlan
{
    internal VariablePlan(VariableTarget target, IReadOnlyList<KeyValuePair<string, string>> values, bool replace, IReadOnlyList<VariableChange> changes)
    {
        Target = target;
        Values = values;
        Replace = replace;
        Changes = changes;
    }

    public VariableTarget Target { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Values { get; }

    public bool Replace { get; }

    public IReadOnlyList<VariableChange> Changes { get; }

    /// <summary>False when every variable already has its value (and nothing is to be removed).</summary>
    public bool RequiresWrite => VariableDiff.RequiresWrite(Changes);

    public int Count(VariableChangeKind kind) => Changes.Count(change => change.Kind == kind);

    public string Summary => VariableMessages.Format(VariableMessages.Plan,
        Count(VariableChangeKind.New), Count(VariableChangeKind.Changed), Count(VariableChangeKind.Unchanged), Count(VariableChangeKind.Removed));
}
