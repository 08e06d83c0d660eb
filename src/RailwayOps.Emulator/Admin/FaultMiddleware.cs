using RailwayOps.Emulator.Graph;

namespace RailwayOps.Emulator.Admin;

/// <summary>Adds the configured latency, then answers with the first matching fault instead of the API.</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, LatencySetting latency)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (AdminPaths.IsAdmin(context))
        {
            await next(context);
            return;
        }
        if (latency.Milliseconds > 0)
            await Task.Delay(latency.Milliseconds, context.RequestAborted);
        if (faults.IsEmpty)
        {
            await next(context);
            return;
        }
        var path = context.Request.Path.Value ?? "";
        string? operation = null;
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(GraphQLHttpEndpoint.Path))
        {
            context.Request.EnableBuffering();
            operation = (await GraphQLRequestReader.ReadAsync(context)) is { } request ? GraphQLRequestReader.OperationNameOf(request) : null;
        }
        var fault = faults.Take(path, operation);
        if (fault is null)
        {
            await next(context);
            return;
        }
        context.Items[JournalMiddleware.FaultItem] = fault.Kind;
        if (fault.Kind == "slow")
        {
            await Task.Delay(fault.DelayMs ?? 5000, context.RequestAborted);
            await next(context);
            return;
        }
        await FaultResponder.RespondAsync(context, fault);
    }
}
