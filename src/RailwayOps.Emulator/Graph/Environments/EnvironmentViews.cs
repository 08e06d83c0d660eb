using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Graph;

public sealed class EnvironmentMetaView(EnvironmentRecord environment)
{
    public int? PrNumber => environment.PrNumber;
    public string? PrTitle => environment.PrTitle;
    public string? PrRepo => environment.PrRepo;
    public string? Branch => environment.Branch;
    public string? BaseBranch => environment.BaseBranch;
}

public sealed class EnvironmentView(EnvironmentRecord environment, GraphContext graph)
{
    public EnvironmentRecord Record => environment;
    public string Id => environment.Id;
    public string Name => environment.Name;
    public string ProjectId => environment.ProjectId;
    public bool IsEphemeral => environment.IsEphemeral;
    public bool CanAccess => graph.Caller.CanSeeEnvironment(environment.ProjectId, environment.Id);
    public DateTimeOffset CreatedAt => environment.CreatedAt;
    public DateTimeOffset UpdatedAt => environment.CreatedAt;
    public DateTimeOffset? DeletedAt => null;
    public int? UnmergedChangesCount => 0;
    public EnvironmentMetaView? Meta => environment.IsEphemeral || environment.PrNumber is not null ? new(environment) : null;

    public EnvironmentView? SourceEnvironment =>
        environment.SourceEnvironmentId is { } sourceId && graph.Store.GetEnvironment(sourceId) is { } source
            ? new EnvironmentView(source, graph) : null;
}
