using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

/// <summary>variables and variablesForServiceDeployment: EnvironmentVariables JSON objects.</summary>
public static class VariablesQuery
{
    /// <summary>One scope: the service's own variables, or the environment's shared ones; references
    /// rendered unless <c>unrendered: true</c>.</summary>
    public static object Variables(IResolveFieldContext context)
    {
        var (graph, environment, serviceId) = Scope(context);
        if (serviceId is not null)
            graph.ServiceInstance(environment.Id, serviceId);
        var values = context.GetArgument<bool?>("unrendered") == true
            ? graph.Store.GetVariables(environment.Id, serviceId)
            : References(graph, environment.Id).RenderScope(serviceId);
        return ToJson(values);
    }

    /// <summary>What a deployment of the service sees: shared, then service, then Railway's own, rendered.</summary>
    public static object ForServiceDeployment(IResolveFieldContext context)
    {
        var (graph, environment, serviceId) = Scope(context);
        var instance = graph.ServiceInstance(environment.Id, serviceId!);
        return ToJson(References(graph, environment.Id).RenderForDeployment(instance.ServiceId));
    }

    private static VariableReferences References(GraphContext graph, string environmentId) =>
        VariableReferences.For(graph.Store, environmentId, instance =>
            RuntimeVariables.ForService(instance, graph.Engine.ServiceDomain(instance.EnvironmentId, instance.ServiceId)));

    private static (GraphContext Graph, EnvironmentRecord Environment, string? ServiceId) Scope(IResolveFieldContext context)
    {
        var graph = GraphContext.Of(context);
        var environment = graph.Environment(context.GetArgument<string>("environmentId"));
        if (environment.ProjectId != context.GetArgument<string>("projectId"))
            throw GraphErrors.NotFound("Project");
        return (graph, environment, context.GetArgument<string?>("serviceId"));
    }

    private static SortedDictionary<string, object?> ToJson(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.ToDictionary(p => p.Key, p => (object?)p.Value), StringComparer.Ordinal);
}
