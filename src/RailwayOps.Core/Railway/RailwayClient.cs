using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway.Transport;

namespace RailwayOps.Core.Railway;

/// <summary>
/// Typed Railway operations over one <see cref="GraphQLTransport"/>. Lists are IAsyncEnumerable and
/// fetch the next page only when the caller has consumed the previous one.
/// </summary>
public sealed partial class RailwayClient : IDisposable
{
    public const int PageSize = 100;

    private readonly GraphQLTransport transport;

    public RailwayClient(GraphQLTransport transport)
    {
        this.transport = transport ?? throw new ArgumentNullException(nameof(transport));
    }

    /// <summary>A client for a resolved context; fails with <see cref="ResolutionErrorKind.NoToken"/> when there is no token.</summary>
    /// <param name="deadline">The deadline every request of the client answers to (a cmdlet's -TimeoutSec); none by default.</param>
    public static RailwayClient Create(RailwayContext context, IRailwayEventSink? events = null, Resilience.Deadline? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Credential is null)
        {
            throw new ResolutionException(ResolutionErrorKind.NoToken, Messages.NoToken);
        }

        return new RailwayClient(new GraphQLTransport(GraphQLTransportOptions.FromContext(context, events, deadline)));
    }

    public GraphQLTransport Transport => transport;

    /// <summary>A client whose every request answers to <paramref name="deadline"/>; it shares this client's connections. Dispose it first.</summary>
    public RailwayClient WithDeadline(Resilience.Deadline deadline) => new(transport.WithDeadline(deadline));

    public RequestCounter Counter => transport.Counter;

    /// <summary>The token's description for messages ("the token from RAILWAY_API_TOKEN").</summary>
    private string TokenDescription => transport.Options.Credential?.Description ?? Messages.NoToken;

    private bool IsProjectToken => transport.Options.Credential?.Kind == RailwayTokenKind.Project;

    /// <summary>Reads every page of a Relay connection lazily.</summary>
    private async IAsyncEnumerable<JsonElement> PageAsync(
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
            var data = await transport.QueryAsync(operationName, page, cancellationToken).ConfigureAwait(false);
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
    private static IEnumerable<JsonElement> Nodes(JsonElement connection)
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
    private static bool HasNextPage(JsonElement connection) =>
        ModelMapper.Object(connection, "pageInfo") is { } info && info.TryGetProperty("hasNextPage", out var next) && next.ValueKind == JsonValueKind.True;

    private static JsonElement Field(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? value : throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, $"Railway's answer lacks the field '{name}'.");

    private static bool Matches(string candidateId, string candidateName, string nameOrId) =>
        string.Equals(candidateId, nameOrId, StringComparison.Ordinal) || string.Equals(candidateName, nameOrId, StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        subscriptions?.Dispose();
        transport.Dispose();
    }
}
