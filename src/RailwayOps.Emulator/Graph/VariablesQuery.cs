using GraphQL;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Graph;

/// <summary>variables and variablesForServiceDeployment: EnvironmentVariables JSON objects.</summary>
public static class VariablesQuery
{
    /// <summary>One scope: the service's own variables, or the environment's shared ones.</summary>
    public static object Variables(IResolveFieldContext context)
    {
        var (graph, environment, serviceId) = Scope(context);
        if (serviceId is not null)
            graph.ServiceInstance(environment.Id, serviceId);
        return ToJson(graph.Store.GetVariables(environment.Id, serviceId));
    }

    /// <summary>What a deployment of the service sees: shared, then service, then Railway's own.</summary>
    public static object ForServiceDeployment(IResolveFieldContext context)
    {
        var (graph, environment, serviceId) = Scope(context);
        var instance = graph.ServiceInstance(environment.Id, serviceId!);
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in graph.Store.GetServiceVariables(environment.Id, instance.ServiceId))
            values[name] = value;
        foreach (var (name, value) in RailwayProvided(instance, graph))
            values[name] = value;
        return values;
    }

    private static IEnumerable<(string, string?)> RailwayProvided(ServiceInstanceRecord instance, GraphContext graph)
    {
        yield return ("RAILWAY_PROJECT_ID", instance.ProjectId);
        yield return ("RAILWAY_PROJECT_NAME", instance.ProjectName);
        yield return ("RAILWAY_ENVIRONMENT_ID", instance.EnvironmentId);
        yield return ("RAILWAY_ENVIRONMENT_NAME", instance.EnvironmentName);
        yield return ("RAILWAY_ENVIRONMENT", instance.EnvironmentName);
        yield return ("RAILWAY_SERVICE_ID", instance.ServiceId);
        yield return ("RAILWAY_SERVICE_NAME", instance.ServiceName);
        if (graph.Engine.ServiceDomain(instance.EnvironmentId, instance.ServiceId) is { } domain)
        {
            yield return ("RAILWAY_PUBLIC_DOMAIN", domain);
            yield return ("RAILWAY_SERVICE_" + instance.ServiceName.ToUpperInvariant().Replace('-', '_') + "_URL", domain);
        }
    }

    private static (GraphContext Graph, EnvironmentRecord Environment, string? ServiceId) Scope(IResolveFieldContext context)
    {
        var graph = GraphContext.Of(context);
        var environment = graph.Environment(context.GetArgument<string>("environmentId"));
        if (environment.ProjectId != context.GetArgument<string>("projectId"))
            throw GraphErrors.NotFound("Project");
        return (graph, environment, context.GetArgument<string?>("serviceId"));
    }

    private static Dictionary<string, object?> ToJson(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(p => p.Key, p => (object?)p.Value);
}
