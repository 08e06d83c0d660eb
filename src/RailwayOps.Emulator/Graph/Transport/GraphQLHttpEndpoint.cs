using GraphQL;
using GraphQL.SystemTextJson;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

/// <summary>POST /graphql/v2: errors travel as GraphQL errors over HTTP 200, like Railway's.</summary>
public static class GraphQLHttpEndpoint
{
    public const string Path = "/graphql/v2";
    private static readonly GraphQLSerializer Serializer = new();

    public static async Task HandleAsync(HttpContext context, GraphExecutor executor)
    {
        var request = await GraphQLRequestReader.ReadAsync(context);
        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteErrorAsync(context, "Must provide query string.");
            return;
        }
        // Railway answers its public queries (a template's details, which the CLI asks for without a token) to anyone.
        var caller = executor.Authenticate(context.Request) ?? (PublicQueries.IsPublic(request.Query) ? Caller.Public : null);
        if (caller is null)
        {
            await WriteErrorAsync(context, GraphErrors.NotAuthorizedMessage);
            return;
        }
        var result = await executor.ExecuteAsync(request, caller, context.RequestServices, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await Serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, string message)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(ErrorBody(message), context.RequestAborted);
    }

    public static string ErrorBody(string message) =>
        System.Text.Json.JsonSerializer.Serialize(new { errors = new[] { new { message } }, data = (object?)null });
}
