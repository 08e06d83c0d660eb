using GraphQL;
using RailwayOps.Emulator.State;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>The caller (me, projectToken) and projects.</summary>
public static class ProjectFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("me", Me);
        fields.Query("projectToken", ProjectToken);
        fields.Query("projects", Projects);
        fields.Query("project", c => new ProjectView(G(c).Project(Arg(c, "id")), G(c)));
        // What Railway's CLI reads beside projects (railway link, status): the emulator has no buckets, no
        // workspaces of other teams and no teams, so these answer with their empty values.
        fields.Query("externalWorkspaces", _ => Array.Empty<object>());
        fields.Resolve("Project", "buckets", c => ConnectionView.FromList(Array.Empty<object>(), b => b, RelayArguments.From(c)));
        fields.Resolve("Workspace", "projects", WorkspaceProjects);
        fields.Resolve("Workspace", "team", _ => null);
        fields.Mutation("projectCreate", ProjectCreate);
    }

    /// <summary>projectCreate (`railway init`, `railway link` when the user makes a new project): an empty project
    /// with one environment, production unless defaultEnvironmentName says otherwise.</summary>
    private static object ProjectCreate(IResolveFieldContext context)
    {
        var graph = G(context);
        if (!graph.Caller.IsAccount)
            throw GraphErrors.NotAuthorized();
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var workspaceId = input.GetValueOrDefault("workspaceId") as string;
        if (workspaceId is not null && workspaceId != graph.Store.Account.WorkspaceId)
            throw GraphErrors.NotFound("Workspace");
        var project = graph.Store.CreateProject(input.GetValueOrDefault("name") as string, input.GetValueOrDefault("description") as string,
            input.GetValueOrDefault("defaultEnvironmentName") as string ?? "production");
        return new ProjectView(project, graph);
    }

    private static object WorkspaceProjects(IResolveFieldContext context)
    {
        var graph = G(context);
        var workspace = (WorkspaceView)context.Source!;
        var projects = graph.Store.GetProjects().Where(p => p.WorkspaceId == workspace.Id && graph.Caller.CanSeeProject(p.Id)).ToList();
        return ConnectionView.FromList(projects, p => new ProjectView(p, graph), RelayArguments.From(context));
    }

    private static object Me(IResolveFieldContext context)
    {
        if (!G(context).Caller.IsAccount)
            throw GraphErrors.NotAuthorized();
        return new UserView(G(context).Store.Account);
    }

    private static object ProjectToken(IResolveFieldContext context)
    {
        var caller = G(context).Caller;
        if (caller.IsAccount)
            throw new ExecutionError("Project Token not found");
        return new ProjectTokenView(caller.Token, G(context));
    }

    private static object Projects(IResolveFieldContext context)
    {
        var graph = G(context);
        var workspaceId = context.GetArgument<string?>("workspaceId");
        IEnumerable<ProjectEntity> projects = graph.Store.GetProjects().Where(p => graph.Caller.CanSeeProject(p.Id));
        if (workspaceId is not null)
            projects = projects.Where(p => p.WorkspaceId == workspaceId);
        projects = context.GetArgument<string?>("orderBy") switch
        {
            "NAME_ASC" => projects.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase),
            "UPDATED_AT_DESC" => projects.OrderByDescending(p => p.UpdatedAt),
            "CREATED_AT_DESC" => projects.OrderByDescending(p => p.CreatedAt),
            _ => projects,
        };
        return ConnectionView.FromList(projects.ToList(), p => new ProjectView(p, graph), RelayArguments.From(context));
    }
}
