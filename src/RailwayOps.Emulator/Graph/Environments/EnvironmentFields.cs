using GraphQL;
using RailwayOps.Emulator.Contracts;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Environments: environments(projectId), environment(id) and Project.environments.</summary>
public static class EnvironmentFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("environments", Environments);
        fields.Query("environment", Environment);
        fields.Resolve("Project", "environments", ProjectEnvironments);
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
}
