using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Graph.Views;

namespace RailwayOps.Emulator.Graph;

/// <summary>
/// buildLogs / deploymentLogs: lines in chronological order, filtered, within [startDate, endDate],
/// then the newest <c>limit</c> of them. Railway's API is reported to return limit + 1 lines; the
/// emulator returns at most limit, which a client trimming to limit handles the same way.
/// </summary>
public static class LogsQuery
{
    public static object Resolve(IResolveFieldContext context, LogKind kind)
    {
        var graph = GraphContext.Of(context);
        var deployment = graph.Deployment(context.GetArgument<string>("deploymentId"));
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

    public static IEnumerable<LogRecord> Newest(IReadOnlyList<LogRecord> lines, int? limit) =>
        limit is { } count && count >= 0 && lines.Count > count ? lines.Skip(lines.Count - count) : lines;
}
