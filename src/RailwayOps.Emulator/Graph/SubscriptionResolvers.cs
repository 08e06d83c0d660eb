using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Graph.Views;

namespace RailwayOps.Emulator.Graph;

/// <summary>deployment(id) emits the current state, then every change; the log subscriptions emit
/// the newest lines first (up to limit), then each new line as a batch.</summary>
public static class SubscriptionResolvers
{
    private const int DefaultLogLimit = 500;

    public static void Bind(FieldBinder fields)
    {
        fields.Stream("deployment", Deployment);
        fields.Stream("buildLogs", c => Logs(c, LogKind.Build));
        fields.Stream("deploymentLogs", c => Logs(c, LogKind.Deploy));
    }

    private static IObservable<object?> Deployment(IResolveFieldContext context)
    {
        var graph = GraphContext.Of(context);
        var id = graph.Deployment(context.GetArgument<string>("id")).Id;
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

    private static IObservable<object?> Logs(IResolveFieldContext context, LogKind kind)
    {
        var graph = GraphContext.Of(context);
        var deployment = graph.Deployment(context.GetArgument<string>("deploymentId"));
        var filter = LogFilter.Parse(context.GetArgument<string?>("filter"));
        var limit = context.GetArgument<int?>("limit") ?? DefaultLogLimit;
        return new EventObservable<object?>(emit =>
        {
            void OnAppended(string deploymentId, LogKind appendedKind, LogRecord line)
            {
                if (deploymentId == deployment.Id && appendedKind == kind && filter.Matches(line))
                    emit(new List<LogView> { new(line, deployment) });
            }
            graph.Store.LogAppended += OnAppended;
            var backlog = LogsQuery.Newest(graph.Store.GetLogs(deployment.Id, kind).Where(filter.Matches).ToList(), limit)
                .Select(line => new LogView(line, deployment)).ToList();
            if (backlog.Count > 0)
                emit(backlog);
            return new DisposableAction(() => graph.Store.LogAppended -= OnAppended);
        });
    }
}
