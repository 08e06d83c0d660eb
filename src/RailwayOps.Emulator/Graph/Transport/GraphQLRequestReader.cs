using GraphQL.Transport;
using GraphQLParser.AST;

namespace RailwayOps.Emulator.Graph;

/// <summary>Reads a GraphQL POST body once per request, so the fault filter and the journal can
/// know the operation name before the endpoint executes it.</summary>
public static class GraphQLRequestReader
{
    private const string ItemKey = "emulator.graphql.request";
    private const string OperationKey = "emulator.operation";
    private static readonly GraphQL.SystemTextJson.GraphQLSerializer Serializer = new();

    public static async Task<GraphQLRequest?> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached))
            return (GraphQLRequest?)cached;
        GraphQLRequest? request;
        try
        {
            request = await Serializer.ReadAsync<GraphQLRequest>(context.Request.Body, context.RequestAborted);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            request = null;
        }
        context.Items[ItemKey] = request;
        if (request is not null)
            SetOperationName(context, OperationNameOf(request));
        return request;
    }

    public static string? OperationName(HttpContext context) => context.Items.TryGetValue(OperationKey, out var name) ? (string?)name : null;

    public static void SetOperationName(HttpContext context, string? name) => context.Items[OperationKey] = name;

    /// <summary>The operationName sent, else the name of the document's first operation.</summary>
    public static string? OperationNameOf(GraphQLRequest request)
    {
        if (!string.IsNullOrEmpty(request.OperationName))
            return request.OperationName;
        if (string.IsNullOrWhiteSpace(request.Query))
            return null;
        try
        {
            var document = GraphQLParser.Parser.Parse(request.Query);
            return document.Definitions.OfType<GraphQLOperationDefinition>().FirstOrDefault()?.Name?.StringValue;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return null;
        }
    }
}
