namespace RailwayOps.Completion;

/// <summary>What a RailwayOps argument completer offers.</summary>
public enum RailwayCompletionKind
{
    Project,
    Environment,
    Service,
    VariableName,
}
