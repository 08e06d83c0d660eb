using GraphQL;
using RailwayOps.Emulator.Contracts;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Deployments: deployment(id), deployments (<see cref="DeploymentsQuery"/>), the deployment
/// mutations (checked against the caller's scope here, carried out by the engine) and the deployment
/// subscription, which emits the current state, then every change.</summary>
public static class DeploymentFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("deployment", c => new DeploymentView(Deployment(c), G(c)));
        fields.Query("deployments", DeploymentsQuery.Resolve);

        fields.Mutation("deploymentRedeploy", c => new DeploymentView(Engine(c).Redeploy(Deployment(c).Id), G(c)));
        fields.Mutation("deploymentRestart", c => Done(() => Engine(c).Restart(Deployment(c).Id)));
        fields.Mutation("deploymentRollback", Rollback);
        fields.Mutation("deploymentCancel", c => Done(() => Engine(c).Cancel(Deployment(c).Id)));
        fields.Mutation("deploymentStop", c => DoneAsync(() => Engine(c).StopAsync(Deployment(c).Id)));
        fields.Mutation("deploymentRemove", c => DoneAsync(() => Engine(c).RemoveAsync(Deployment(c).Id)));
        fields.Mutation("deploymentApprove", c => Done(() => Engine(c).Approve(Deployment(c).Id)));

        fields.Stream("deployment", Changes);
    }

    private static IDeploymentEngine Engine(IResolveFieldContext context) => G(context).Engine;

    private static DeploymentRecord Deployment(IResolveFieldContext context) => G(context).Deployment(Arg(context, "id"));

    private static object Rollback(IResolveFieldContext context)
    {
        var deployment = Deployment(context);
        if (!Engine(context).CanRollback(deployment.Id))
            throw new ExecutionError("Deployment cannot be rolled back");
        Engine(context).Rollback(deployment.Id);
        return true;
    }

    private static IObservable<object?> Changes(IResolveFieldContext context)
    {
        var graph = G(context);
        var id = graph.Deployment(Arg(context, "id")).Id;
        return new EventObservable<object?>(emit =>
        {
            void OnChanged(DeploymentRecord record)
            {
                if (record.Id == id)
                    emit(new DeploymentView(record, graph));
            }
            graph.Store.DeploymentChanged += OnChanged;
            if (graph.Store.GetDeployment(id) is { } current)
                emit(new DeploymentView(current, graph));
            return new DisposableAction(() => graph.Store.DeploymentChanged -= OnChanged);
        });
    }
}
