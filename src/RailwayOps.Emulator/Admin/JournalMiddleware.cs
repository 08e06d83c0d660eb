using System.Diagnostics;
using RailwayOps.Emulator.Graph;

namespace RailwayOps.Emulator.Admin;

/// <summary>Records every API request with its operation, status and duration.</summary>
public sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal)
{
    public const string FaultItem = "emulator.fault";
    private const string RecordItem = "emulator.journal.record";

    /// <summary>
    /// Records the request now rather than when the pipeline unwinds. A fault that aborts the connection
    /// calls this first: the client sees the reset at once, and may read the journal before the
    /// aborted request would otherwise have been recorded.
    /// </summary>
    public static void RecordNow(HttpContext context, int status)
    {
        if (context.Items.TryGetValue(RecordItem, out var record) && record is Action<int> recordOnce)
            recordOnce(status);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (AdminPaths.IsAdmin(context))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var recorded = 0;
        void RecordOnce(int status)
        {
            if (Interlocked.Exchange(ref recorded, 1) != 0)
                return;
            journal.Record(new JournalRecord(DateTimeOffset.UtcNow, context.Request.Method, context.Request.Path.Value ?? "",
                OperationOf(context), status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                context.Items.TryGetValue(FaultItem, out var fault) ? (string?)fault : null));
        }
        context.Items[RecordItem] = (Action<int>)RecordOnce;
        var status = 0;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch
        {
            status = 500;
            throw;
        }
        finally
        {
            RecordOnce(status);
        }
    }

    private static string OperationOf(HttpContext context)
    {
        if (GraphQLRequestReader.OperationName(context) is { } operation)
            return operation;
        if (context.Request.Path.StartsWithSegments(GraphQLHttpEndpoint.Path))
            return context.WebSockets.IsWebSocketRequest ? "(websocket)" : "(anonymous)";
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return context.Request.Method + " " + (route is null ? context.Request.Path.Value : "/" + route.TrimStart('/'));
    }
}
