using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph.Views;

// Source objects for GraphQL: property names match the SDL's field names (resolved by name);
// fields with arguments are resolved in the schema factory.

public sealed class WorkspaceView(AccountEntity account)
{
    public string Id => account.WorkspaceId;
    public string Name => account.WorkspaceName;
    public DateTimeOffset CreatedAt => account.CreatedAt;
}

public sealed class UserView(AccountEntity account)
{
    public string Id => account.UserId;
    public string Name => account.Name;
    public string Email => account.Email;
    public string Username => account.Email.Split('@')[0];
    public bool Has2FA => false;
    public DateTimeOffset CreatedAt => account.CreatedAt;
    public IReadOnlyList<WorkspaceView> Workspaces => [new(account)];
}

public sealed class ProjectView(ProjectEntity project, GraphContext graph)
{
    public ProjectEntity Entity => project;
    public string Id => project.Id;
    public string Name => project.Name;
    public string? Description => project.Description;
    public DateTimeOffset CreatedAt => project.CreatedAt;
    public DateTimeOffset UpdatedAt => project.UpdatedAt;
    public DateTimeOffset? DeletedAt => null;
    public bool IsPublic => false;
    public bool PrDeploys => true;
    public bool BotPrEnvironments => false;
    public bool FocusedPrEnvironments => false;
    public string? BaseEnvironmentId => PrimaryEnvironmentId;
    public string? PrimaryEnvironmentId => graph.Store.GetEnvironments(project.Id).FirstOrDefault(e => !e.IsEphemeral)?.Id;
    public string WorkspaceId => project.WorkspaceId;
    public WorkspaceView Workspace => new(graph.Store.Account);
}

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

public sealed class DeploymentTriggerView(TriggerEntity trigger)
{
    public string Id => trigger.Id;
    public string ProjectId => trigger.ProjectId;
    public string EnvironmentId => trigger.EnvironmentId;
    public string? ServiceId => trigger.ServiceId;
    public string Repository => trigger.Repository;
    public string Branch => trigger.Branch;
    public string Provider => trigger.Provider;
    public bool CheckSuites => trigger.CheckSuites;
    public int ValidCheckSuites => 0;
    public string? BaseEnvironmentOverrideId => null;
}

public sealed class ServiceView(ServiceEntity service, GraphContext graph)
{
    public string Id => service.Id;
    public string Name => service.Name;
    public string ProjectId => service.ProjectId;
    public string? Icon => null;
    public DateTimeOffset CreatedAt => service.CreatedAt;
    public DateTimeOffset UpdatedAt => service.CreatedAt;
    public DateTimeOffset? DeletedAt => null;
    public ProjectView Project => new(graph.Project(service.ProjectId), graph);
}

public sealed class ProjectTokenView(TokenEntity token, GraphContext graph)
{
    public string Id => token.Id;
    public string Name => token.Name;
    public string DisplayToken => token.Value.Length <= 4 ? "****" : "****" + token.Value[^4..];
    public DateTimeOffset CreatedAt => token.CreatedAt;
    public string ProjectId => token.ProjectId!;
    public string EnvironmentId => token.EnvironmentId!;
    public ProjectView Project => new(graph.Project(token.ProjectId!), graph);
    public EnvironmentView Environment => new(graph.Environment(token.EnvironmentId!), graph);
}
