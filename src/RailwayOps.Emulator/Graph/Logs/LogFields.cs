using GraphQL;
using RailwayOps.Emulator.Contracts;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>
/// buildLogs / deploymentLogs, as queries and as subscriptions. A query returns the lines in
/// chronological order, filtered, within [startDate, endDate], then the newest <c>limit</c> of them.
/// Railway's API is reported to return limit + 1 lines; the emulator returns at most limit, which a
/// client trimming to limit handles the same way. A subscription emits the newest lines first (up to
/// limit), then each new line as a batch.
/// </summary>
public static class LogFields
{
    private const int DefaultLogLimit = 500;

    public static void Bind(FieldBinder fields)
    {
        fields.Query("buildLogs", c => Query(c, LogKind.Build));
        fields.Query("deploymentLogs", c => Query(c, LogKind.Deploy));
        fields.Stream("buildLogs", c => Subscribe(c, LogKind.Build));
        fields.Stream("deploymentLogs", c => Subscribe(c, LogKind.Deploy));
    }

    private static object Query(IResolveFieldContext context, LogKind kind)
    {
        var graph = G(context);
        var deployment = graph.Deployment(Arg(context, "deploymentId"));
        var filter = LogFilter.Parse(context.GetArgument<string?>("filter"));
        var start = context.GetArgument<DateTimeOffset?>("startDate");
        var end = context.GetArgument<DateTimeOffset?>("endDate");
        var limit = context.GetArgument<int?>("limit");
        var lines = graph.Store.GetLogs(deployment.Id, kind)
            .Where(line => (start is null || line.Timestamp >= start) && (end is null || line.Timestamp <= end))
            .Where(filter.Matches)
            .ToList();
        return Newest(lines, limit).Select(line => new LogView(line, deployment)).ToList();
    }

    private static IObservable<object?> Subscribe(IResolveFieldContext context, LogKind kind)
    {
        var graph = G(context);
        var deployment = graph.Deployment(Arg(context, "deploymentId"));
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
            var backlog = Newest(graph.Store.GetLogs(deployment.Id, kind).Where(filter.Matches).ToList(), limit)
                .Select(line => new LogView(line, deployment)).ToList();
            if (backlog.Count > 0)
                emit(backlog);
            return new DisposableAction(() => graph.Store.LogAppended -= OnAppended);
        });
    }

    private static IEnumerable<LogRecord> Newest(IReadOnlyList<LogRecord> lines, int? limit) =>
        limit is { } count && count >= 0 && lines.Count > count ? lines.Skip(lines.Count - count) : lines;
}
