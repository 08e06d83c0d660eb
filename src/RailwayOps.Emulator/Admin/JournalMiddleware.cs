using System.Diagnostics;
using RailwayOps.Emulator.Graph;

namespace RailwayOps.Emulator.Admin;

/// <summary>Records every API request with its operation, status and duration.</summary>
public sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal)
{
    public const string FaultItem = "emulator.fault";

    public async Task InvokeAsync(HttpContext context)
    {
        if (AdminPaths.IsAdmin(context))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
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
            journal.Record(new JournalRecord(DateTimeOffset.UtcNow, context.Request.Method, context.Request.Path.Value ?? "",
                OperationOf(context), status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                context.Items.TryGetValue(FaultItem, out var fault) ? (string?)fault : null));
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
