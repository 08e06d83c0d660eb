using GraphQL;
using RailwayOps.Emulator.Contracts;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Services and service instances: service(id), serviceInstance, Project.services,
/// Environment.serviceInstances and the two serviceInstance deploy mutations.</summary>
public static class ServiceFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("service", c => new ServiceView(G(c).Service(Arg(c, "id")), G(c)));
        fields.Query("serviceInstance", c =>
            new ServiceInstanceView(G(c).ServiceInstance(Arg(c, "environmentId"), Arg(c, "serviceId")), G(c)));
        fields.Resolve("Project", "services", ProjectServices);
        fields.Resolve("Environment", "serviceInstances", EnvironmentServiceInstances);

        fields.Mutation("serviceInstanceRedeploy", c =>
        {
            var instance = Instance(c);
            return Done(() => G(c).Engine.RedeployServiceInstance(instance.EnvironmentId, instance.ServiceId));
        });
        fields.Mutation("serviceInstanceDeployV2", c =>
        {
            var instance = Instance(c);
            return G(c).Engine.Deploy(instance.EnvironmentId, instance.ServiceId, c.GetArgument<string?>("commitSha"));
        });
        // The older form Railway's CLI sends for `railway redeploy --from-source` (latestCommit: the tracked branch's head).
        fields.Mutation("serviceInstanceDeploy", c =>
        {
            var instance = Instance(c);
            var sha = c.GetArgument<bool?>("latestCommit") == true ? null : c.GetArgument<string?>("commitSha");
            G(c).Engine.Deploy(instance.EnvironmentId, instance.ServiceId, sha);
            return true;
        });
    }

    private static ServiceInstanceRecord Instance(IResolveFieldContext context) =>
        G(context).ServiceInstance(Arg(context, "environmentId"), Arg(context, "serviceId"));

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
}
