using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Graph.Views;

namespace RailwayOps.Emulator.Graph;

/// <summary>Mutations: checked against the caller's scope here, carried out by the store or the engine.</summary>
public static class MutationResolvers
{
    public static void Bind(FieldBinder fields)
    {
        fields.Resolve("Mutation", "variableUpsert", VariableUpsert);
        fields.Resolve("Mutation", "variableCollectionUpsert", VariableCollectionUpsert);
        fields.Resolve("Mutation", "variableDelete", VariableDelete);
        fields.Resolve("Mutation", "deploymentRedeploy", c =>
            new DeploymentView(Engine(c).Redeploy(Deployment(c).Id), GraphContext.Of(c)));
        fields.Resolve("Mutation", "deploymentRestart", c => Done(() => Engine(c).Restart(Deployment(c).Id)));
        fields.Resolve("Mutation", "deploymentRollback", Rollback);
        fields.Resolve("Mutation", "deploymentCancel", c => Done(() => Engine(c).Cancel(Deployment(c).Id)));
        fields.Resolve("Mutation", "deploymentStop", c => DoneAsync(() => Engine(c).StopAsync(Deployment(c).Id)));
        fields.Resolve("Mutation", "deploymentRemove", c => DoneAsync(() => Engine(c).RemoveAsync(Deployment(c).Id)));
        fields.Resolve("Mutation", "deploymentApprove", c => Done(() => Engine(c).Approve(Deployment(c).Id)));
        fields.Resolve("Mutation", "serviceInstanceRedeploy", c =>
        {
            var instance = Instance(c);
            return Done(() => Engine(c).RedeployServiceInstance(instance.EnvironmentId, instance.ServiceId));
        });
        fields.Resolve("Mutation", "serviceInstanceDeployV2", c =>
        {
            var instance = Instance(c);
            return Engine(c).Deploy(instance.EnvironmentId, instance.ServiceId, c.GetArgument<string?>("commitSha"));
        });
    }

    private static object Done(Action action)
    {
        action();
        return true;
    }

    /// <summary>Stopping a process takes its grace period: the request thread is not held meanwhile.</summary>
    private static async ValueTask<object?> DoneAsync(Func<Task> action)
    {
        await action();
        return true;
    }

    private static IDeploymentEngine Engine(IResolveFieldContext context) => GraphContext.Of(context).Engine;

    private static DeploymentRecord Deployment(IResolveFieldContext context) =>
        GraphContext.Of(context).Deployment(context.GetArgument<string>("id"));

    private static ServiceInstanceRecord Instance(IResolveFieldContext context) =>
        GraphContext.Of(context).ServiceInstance(context.GetArgument<string>("environmentId"), context.GetArgument<string>("serviceId"));

    private static object Rollback(IResolveFieldContext context)
    {
        var deployment = Deployment(context);
        if (!Engine(context).CanRollback(deployment.Id))
            throw new ExecutionError("Deployment cannot be rolled back");
        Engine(context).Rollback(deployment.Id);
        return true;
    }

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
            var graph = GraphContext.Of(context);
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
