using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

// Source objects for GraphQL: property names match the SDL's field names (resolved by name);
// fields with arguments are resolved in the area's Fields class.

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
