using RailwayOps.Core.Variables;

namespace RailwayOps;

/// <summary>What Import-RailwayVariable did to one variable: New, Changed or Unchanged; never the value.</summary>
public sealed class RailwayVariableChange
{
    public required string Name { get; init; }

    public required VariableChangeKind Change { get; init; }

    public required string ProjectId { get; init; }

    public required string EnvironmentId { get; init; }

    public string? ServiceId { get; init; }

    public string? ServiceName { get; init; }

    public string? EnvironmentName { get; init; }

    public bool Shared { get; init; }

    public override string ToString() => Name;
}
