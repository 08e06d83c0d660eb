using System.Globalization;
using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Graph.Views;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

public static class QueryResolvers
{
    public static void Bind(FieldBinder fields)
    {
        fields.Resolve("Query", "me", Me);
        fields.Resolve("Query", "projectToken", ProjectToken);
        fields.Resolve("Query", "projects", Projects);
        fields.Resolve("Query", "project", c => new ProjectView(G(c).Project(Arg(c, "id")), G(c)));
        fields.Resolve("Query", "environments", Environments);
        fields.Resolve("Query", "environment", Environment);
        fields.Resolve("Query", "service", c => new ServiceView(G(c).Service(Arg(c, "id")), G(c)));
        fields.Resolve("Query", "deployment", c => new DeploymentView(G(c).Deployment(Arg(c, "id")), G(c)));
        fields.Resolve("Query", "deployments", DeploymentsQuery.Resolve);
        fields.Resolve("Query", "serviceInstance", c =>
            new ServiceInstanceView(G(c).ServiceInstance(Arg(c, "environmentId"), Arg(c, "serviceId")), G(c)));
        fields.Resolve("Query", "domains", Domains);
        fields.Resolve("Query", "buildLogs", c => LogsQuery.Resolve(c, LogKind.Build));
        fields.Resolve("Query", "deploymentLogs", c => LogsQuery.Resolve(c, LogKind.Deploy));
        fields.Resolve("Query", "variables", VariablesQuery.Variables);
        fields.Resolve("Query", "variablesForServiceDeployment", VariablesQuery.ForServiceDeployment);

        fields.Resolve("Project", "environments", ProjectEnvironments);
        fields.Resolve("Project", "services", ProjectServices);
        fields.Resolve("Environment", "serviceInstances", EnvironmentServiceInstances);
        fields.Resolve("Environment", "deploymentTriggers", EnvironmentDeploymentTriggers);
    }

    internal static GraphContext G(IResolveFieldContext context) => GraphContext.Of(context);

    internal static string Arg(IResolveFieldContext context, string name) => context.GetArgument<string>(name);

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

    private static object Environments(IResolveFieldContext context)
    {
        var graph = G(context);
        var project = graph.Project(Arg(context, "projectId"));
        return EnvironmentConnection(context, graph, project.Id, "asc");
    }

    private static object ProjectEnvironments(IResolveFieldContext context)
    {
        var project = (ProjectView)context.Source!;
        return EnvironmentConnection(context, G(context), project.Id, context.GetArgument<string?>("sort") ?? "asc");
    }

    private static ConnectionView EnvironmentConnection(IResolveFieldContext context, GraphContext graph, string projectId, string sort)
    {
        var isEphemeral = context.GetArgument<bool?>("isEphemeral");
        IEnumerable<EnvironmentRecord> environments = graph.Store.GetEnvironments(projectId)
            .Where(e => graph.Caller.CanSeeEnvironment(e.ProjectId, e.Id))
            .Where(e => isEphemeral is null || e.IsEphemeral == isEphemeral);
        if (sort == "desc")
            environments = environments.Reverse();
        return ConnectionView.FromList(environments.ToList(), e => new EnvironmentView(e, graph), RelayArguments.From(context));
    }

    private static object Environment(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = graph.Environment(Arg(context, "id"));
        if (context.GetArgument<string?>("projectId") is { } projectId && projectId != environment.ProjectId)
            throw GraphErrors.NotFound("Environment");
        return new EnvironmentView(environment, graph);
    }

    private static object ProjectServices(IResolveFieldContext context)
    {
        var graph = G(context);
        var project = (ProjectView)context.Source!;
        return ConnectionView.FromList(graph.Store.GetServices(project.Id), s => new ServiceView(s, graph), RelayArguments.From(context));
    }

    private static object EnvironmentServiceInstances(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = (EnvironmentView)context.Source!;
        if (!graph.Caller.CanSeeEnvironment(environment.ProjectId, environment.Id))
            throw GraphErrors.NotAuthorized();
        return ConnectionView.FromList(graph.Store.GetServiceInstances(environment.Id),
            i => new ServiceInstanceView(i, graph), RelayArguments.From(context));
    }

    private static object EnvironmentDeploymentTriggers(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = (EnvironmentView)context.Source!;
        if (!graph.Caller.CanSeeEnvironment(environment.ProjectId, environment.Id))
            throw GraphErrors.NotAuthorized();
        return ConnectionView.FromList(graph.Store.GetTriggers(environment.Id), t => new DeploymentTriggerView(t), RelayArguments.From(context));
    }

    private static object Domains(IResolveFieldContext context)
    {
        var graph = G(context);
        var instance = graph.ServiceInstance(Arg(context, "environmentId"), Arg(context, "serviceId"));
        if (instance.ProjectId != Arg(context, "projectId"))
            throw GraphErrors.NotFound("Project");
        return AllDomainsView.For(instance, graph);
    }

    internal static string Cursor(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);
}
