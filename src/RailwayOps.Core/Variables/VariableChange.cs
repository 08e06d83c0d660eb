namespace RailwayOps.Core.Variables;

/// <summary>What a write does to one variable, judged against the values before it.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum VariableChangeKind
{
    New,
    Changed,
    Unchanged,

    /// <summary>Dropped because the write replaces the whole set.</summary>
    Removed,
}

/// <summary>One variable's name and what a write does to it; deliberately without the value.</summary>
public sealed record VariableChange(string Name, VariableChangeKind Kind);
