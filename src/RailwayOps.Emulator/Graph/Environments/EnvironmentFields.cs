using GraphQL;
using RailwayOps.Emulator.Contracts;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Environments: environments(projectId), environment(id), Project.environments and the
/// environmentCreate (empty or forked, then deployed) / environmentRename / environmentDelete mutations.</summary>
public static class EnvironmentFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("environments", Environments);
        fields.Query("environment", Environment);
        fields.Resolve("Project", "environments", ProjectEnvironments);
        fields.Resolve("Environment", "config", EnvironmentConfig);
        fields.Mutation("environmentCreate", EnvironmentCreate);
        fields.Mutation("environmentRename", EnvironmentRename);
        fields.Mutation("environmentDelete", EnvironmentDeleteAsync);
    }

    /// <summary>Environment.config, the shape Railway's CLI reads (services by id with their build and deploy settings).
    /// Variables are not included (decryptVariables is not honoured: the emulator never hands values out in bulk).</summary>
    private static object EnvironmentConfig(IResolveFieldContext context)
    {
        var environment = ((EnvironmentView)context.Source!).Record;
        var services = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var instance in G(context).Store.GetServiceInstances(environment.Id))
        {
            var settings = instance.Settings;
            services[instance.ServiceId] = new Dictionary<string, object?>
            {
                ["build"] = new Dictionary<string, object?> { ["buildCommand"] = settings.BuildCommand, ["watchPatterns"] = settings.WatchPatterns.ToList() },
                ["deploy"] = new Dictionary<string, object?>
                {
                    ["startCommand"] = settings.StartCommand,
                    ["healthcheckPath"] = settings.HealthcheckPath,
                    ["healthcheckTimeout"] = settings.HealthcheckTimeout,
                    ["restartPolicyType"] = settings.RestartPolicyType,
                    ["restartPolicyMaxRetries"] = settings.RestartPolicyMaxRetries,
                },
            };
        }
        return new Dictionary<string, object?> { ["services"] = services };
    }

    /// <summary>A fork gets the source's services, settings, triggers and variables, and (unless
    /// skipInitialDeploys) a deployment of each service's commit that is live in the source.</summary>
    private static object EnvironmentCreate(IResolveFieldContext context)
    {
        var graph = G(context);
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var project = graph.Project((string)input["projectId"]!);
        if (!graph.Caller.IsAccount)
            throw GraphErrors.NotAuthorized();
        var sourceId = input.GetValueOrDefault("sourceEnvironmentId") as string;
        if (sourceId is not null)
            graph.Environment(sourceId);
        var environment = graph.Store.CreateEnvironment(project.Id, (string)input["name"]!, sourceId,
            ephemeral: input.GetValueOrDefault("ephemeral") is true);
        if (sourceId is not null && input.GetValueOrDefault("skipInitialDeploys") is not true)
        {
            foreach (var instance in graph.Store.GetServiceInstances(environment.Id).Where(i => i.Repo is not null))
            {
                var live = graph.Store.GetDeployments(sourceId, instance.ServiceId)
                    .Where(d => d.Status == DeployStatus.SUCCESS && d.Meta.CommitHash is not null)
                    .MaxBy(d => d.CreatedAt);
                try
                {
                    graph.Engine.Deploy(environment.Id, instance.ServiceId, live?.Meta.CommitHash, "environment created");
                }
                catch (EmulatorUserException)
                {
                    // Nothing to deploy yet (an empty repository): the fork waits for its first push, as on Railway.
                }
            }
            // A database service starts its own server on the fork's own (empty) volume.
            foreach (var instance in graph.Store.GetServiceInstances(environment.Id).Where(i => i.Image is not null && i.Repo is null))
                graph.Engine.DeployImage(environment.Id, instance.ServiceId, "environment created");
        }
        return new EnvironmentView(environment, graph);
    }

    private static object EnvironmentRename(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = graph.Environment(Arg(context, "id"));
        if (!graph.Caller.IsAccount)
            throw GraphErrors.NotAuthorized();
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        return new EnvironmentView(graph.Store.RenameEnvironment(environment.Id, (string)input["name"]!), graph);
    }

    /// <summary>Stops the environment's processes, frees its proxy ports and work folders, then forgets it.</summary>
    private static ValueTask<object?> EnvironmentDeleteAsync(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = graph.Environment(Arg(context, "id"));
        if (!graph.Caller.IsAccount)
            throw GraphErrors.NotAuthorized();
        return DoneAsync(async () =>
        {
            await graph.Engine.EnvironmentDeletedAsync(environment.Id);
            graph.Store.DeleteEnvironment(environment.Id);
        });
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
