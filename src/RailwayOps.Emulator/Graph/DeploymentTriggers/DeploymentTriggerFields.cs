using GraphQL;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Deployment triggers: Environment.deploymentTriggers.</summary>
public static class DeploymentTriggerFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Resolve("Environment", "deploymentTriggers", EnvironmentDeploymentTriggers);
    }

    private static object EnvironmentDeploymentTriggers(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = (EnvironmentView)context.Source!;
        if (!graph.Caller.CanSeeEnvironment(environment.ProjectId, environment.Id))
            throw GraphErrors.NotAuthorized();
        return ConnectionView.FromList(graph.Store.GetTriggers(environment.Id), t => new DeploymentTriggerView(t), RelayArguments.From(context));
    }
}
