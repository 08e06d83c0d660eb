using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Railway;

/// <summary>
/// What every area client shares, as Octokit's clients share one ApiConnection: the one HTTP transport
/// (headers, retries, deadline, error mapping), the one subscription socket, Relay paging and the reading
/// of an answer's fields. An area client holds its operations only.
/// </summary>
internal sealed class ApiConnection : IDisposable
{
    public const int PageSize = 100;

    private GraphQLSubscriptionClient? subscriptions;

    public ApiConnection(GraphQLTransport transport)
    {
        Transport = transport ?? throw new ArgumentNullException(nameof(transport));
    }

    public GraphQLTransport Transport { get; }

    /// <summary>
    /// The subscription client for this connection's endpoint and token, made on first use and disposed
    /// with it: every concurrent subscription shares its one WebSocket.
    /// </summary>
    public GraphQLSubscriptionClient Subscriptions =>
        LazyInitializer.EnsureInitialized(ref subscriptions, () => new GraphQLSubscriptionClient(Transport.Options));

    public Redactor Redactor => Transport.Options.Redactor;

    /// <summary>The token's description for messages ("the token from RAILWAY_API_TOKEN").</summary>
    public string TokenDescription => Transport.Options.Credential?.Description ?? Messages.NoToken;

    public RailwayCredential? Credential => Transport.Options.Credential;

    public bool IsProjectToken => Credential?.Kind == RailwayTokenKind.Project;

    /// <summary>A read (retried when transient); the answer's <c>data</c>.</summary>
    public Task<JsonElement> QueryAsync(string operationName, JsonObject? variables, CancellationToken cancellationToken) =>
        Transport.QueryAsync(operationName, variables, cancellationToken);

    /// <summary>A write, sent exactly once; the answer's <c>data</c>.</summary>
    public Task<JsonElement> MutateAsync(string operationName, JsonObject? variables, CancellationToken cancellationToken) =>
        Transport.MutateAsync(operationName, variables, cancellationToken);

    /// <summary>A mutation whose field is a Boolean: whether Railway answered true.</summary>
    public async Task<bool> MutateFlagAsync(string operationName, string field, JsonObject variables, CancellationToken cancellationToken)
    {
        var data = await MutateAsync(operationName, variables, cancellationToken).ConfigureAwait(false);
        return Field(data, field).ValueKind == JsonValueKind.True;
    }

    /// <summary>Each <c>next</c> payload's <c>data</c> of a subscription, over the shared socket.</summary>
    public IAsyncEnumerable<JsonElement> SubscribeAsync(string operationName, JsonObject? variables, CancellationToken cancellationToken) =>
        Subscriptions.SubscribeAsync(operationName, variables, cancellationToken);

    /// <summary>Reads every page of a Relay connection lazily: the next page only once the previous one is consumed.</summary>
    public async IAsyncEnumerable<JsonElement> PageAsync(
        string operationName,
        JsonObject variables,
        Func<JsonElement, JsonElement> selectConnection,
        int? first,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var remaining = first;
        string? after = null;
        while (remaining is null or > 0)
        {
            var page = (JsonObject)variables.DeepClone();
            page["first"] = Math.Min(PageSize, remaining ?? PageSize);
            page["after"] = after;
            var data = await QueryAsync(operationName, page, cancellationToken).ConfigureAwait(false);
            var connection = selectConnection(data);
            if (!connection.TryGetProperty("edges", out var edges) || edges.ValueKind != JsonValueKind.Array)
            {
                yield break;
            }

            foreach (var node in Nodes(connection))
            {
                yield return node;
                if (remaining is not null && --remaining == 0)
                {
                    yield break;
                }
            }

            after = ModelMapper.Object(connection, "pageInfo") is { } pageInfo ? ModelMapper.String(pageInfo, "endCursor") : null;
            if (!HasNextPage(connection) || after is null)
            {
                yield break;
            }
        }
    }

    /// <summary>The nodes of one page of a Relay connection (edges without a node are skipped).</summary>
    public static IEnumerable<JsonElement> Nodes(JsonElement connection)
    {
        if (!connection.TryGetProperty("edges", out var edges) || edges.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var edge in edges.EnumerateArray())
        {
            if (ModelMapper.Object(edge, "node") is { } node)
            {
                yield return node;
            }
        }
    }

    /// <summary>Whether the connection says another page follows.</summary>
    public static bool HasNextPage(JsonElement connection) =>
        ModelMapper.Object(connection, "pageInfo") is { } info && info.TryGetProperty("hasNextPage", out var next) && next.ValueKind == JsonValueKind.True;

    /// <summary>A field the answer must have; its absence is an invalid response.</summary>
    public static JsonElement Field(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? value : throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, $"Railway's answer lacks the field '{name}'.");

    /// <summary>Whether a user's name-or-id names this object: the id exactly, or the name ignoring case.</summary>
    public static bool Matches(string candidateId, string candidateName, string nameOrId) =>
        string.Equals(candidateId, nameOrId, StringComparison.Ordinal) || string.Equals(candidateName, nameOrId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Railway's ids are UUIDs; anything else given for a project is a name.</summary>
    public static bool LooksLikeId(string? value) => Guid.TryParse(value, out _);

    public static RailwayApiException NotFound(RailwayResourceKind resource, string message, string? serverMessage = null) =>
        new(RailwayApiErrorKind.NotFound, message) { Resource = resource, ServerMessage = serverMessage };

    /// <summary>Railway's own NotFound told in the module's words, keeping what Railway said.</summary>
    public static RailwayApiException NotFound(RailwayResourceKind resource, string message, RailwayApiException cause) =>
        new(RailwayApiErrorKind.NotFound, message, cause)
        {
            OperationName = cause.OperationName,
            ServerMessage = cause.ServerMessage,
            Resource = resource,
        };

    public void Dispose()
    {
        subscriptions?.Dispose();
        Transport.Dispose();
    }
}
