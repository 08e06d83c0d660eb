using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using RailwayOps.Emulator.State;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Variables: variables and variablesForServiceDeployment (EnvironmentVariables JSON objects)
/// and the upsert / collection upsert / delete mutations, each of which redeploys what it affects
/// unless <c>skipDeploys</c>.</summary>
public static class VariableFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("variables", Variables);
        fields.Query("variablesForServiceDeployment", ForServiceDeployment);
        fields.Mutation("variableUpsert", VariableUpsert);
        fields.Mutation("variableCollectionUpsert", VariableCollectionUpsert);
        fields.Mutation("variableDelete", VariableDelete);
    }

    /// <summary>One scope: the service's own variables, or the environment's shared ones; references
    /// rendered unless <c>unrendered: true</c>.</summary>
    private static object Variables(IResolveFieldContext context)
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
    private static object ForServiceDeployment(IResolveFieldContext context)
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
        var graph = G(context);
        var environment = graph.Environment(Arg(context, "environmentId"));
        if (environment.ProjectId != Arg(context, "projectId"))
            throw GraphErrors.NotFound("Project");
        return (graph, environment, context.GetArgument<string?>("serviceId"));
    }

    private static SortedDictionary<string, object?> ToJson(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.ToDictionary(p => p.Key, p => (object?)p.Value), StringComparer.Ordinal);

    private static object VariableUpsert(IResolveFieldContext context)
    {
        var input = VariableInput.From(context);
        var values = new Dictionary<string, string> { [input.String("name")] = input.String("value") };
        input.Graph.Store.UpsertVariables(input.EnvironmentId, input.ServiceId, values, replace: false);
        input.RedeployUnlessSkipped();
        return true;
    }

    private static object VariableCollectionUpsert(IResolveFieldContext context)
    {
        var input = VariableInput.From(context);
        if (input.Raw.GetValueOrDefault("variables") is not IDictionary<string, object?> variables)
            throw new ExecutionError("variables must be a JSON object of names to values");
        var values = variables.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!);
        input.Graph.Store.UpsertVariables(input.EnvironmentId, input.ServiceId, values, input.Flag("replace"));
        input.RedeployUnlessSkipped();
        return true;
    }

    private static object VariableDelete(IResolveFieldContext context)
    {
        var input = VariableInput.From(context);
        if (!input.Graph.Store.DeleteVariable(input.EnvironmentId, input.ServiceId, input.String("name")))
            throw GraphErrors.NotFound("Variable");
        input.RedeployUnlessSkipped();
        return true;
    }

    /// <summary>The common part of the variable inputs, with the scope already authorised.</summary>
    private sealed record VariableInput(GraphContext Graph, Dictionary<string, object?> Raw, string EnvironmentId, string? ServiceId)
    {
        public static VariableInput From(IResolveFieldContext context)
        {
            var graph = G(context);
            var raw = context.GetArgument<Dictionary<string, object?>>("input");
            var environment = graph.Environment((string)raw["environmentId"]!);
            if (environment.ProjectId != (string?)raw.GetValueOrDefault("projectId"))
                throw GraphErrors.NotFound("Project");
            var serviceId = raw.GetValueOrDefault("serviceId") as string;
            if (serviceId is not null)
                graph.ServiceInstance(environment.Id, serviceId);
            return new VariableInput(graph, raw, environment.Id, serviceId);
        }

        public string String(string name) => (string)Raw[name]!;

        public bool Flag(string name) => Raw.GetValueOrDefault(name) is true;

        /// <summary>One engine call for the whole change, however many variables it holds.</summary>
        public void RedeployUnlessSkipped()
        {
            if (!Flag("skipDeploys"))
                Graph.Engine.VariablesChanged(EnvironmentId, Graph.Store.ServicesAffectedBy(EnvironmentId, ServiceId).ToList());
        }
    }
}
