using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Railway;

/// <summary>A deployment's build and deploy logs (<c>railway.Logs</c>), read once or streamed; the operations are the .graphql files beside this one.</summary>
public sealed class LogsClient
{
    private readonly ApiConnection connection;

    internal LogsClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>
    /// Build or deploy log lines, oldest first. Railway returns limit + 1 lines; like the CLI we keep
    /// the last <see cref="LogQuery.Limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<RailwayLogLine>> GetAsync(string deploymentId, RailwayLogType type, LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        ArgumentNullException.ThrowIfNull(query);
        var operation = type == RailwayLogType.Build ? "BuildLogs" : "DeploymentLogs";
        var variables = new JsonObject
        {
            ["deploymentId"] = deploymentId,
            ["limit"] = query.Limit,
            ["filter"] = query.Filter,
            ["startDate"] = query.StartDate?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["endDate"] = query.EndDate?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        var data = await connection.QueryAsync(operation, variables, cancellationToken).ConfigureAwait(false);
        var field = ApiConnection.Field(data, type == RailwayLogType.Build ? "buildLogs" : "deploymentLogs");
        var lines = field.ValueKind == JsonValueKind.Array
            ? field.EnumerateArray().Select(node => Map(node, type, deploymentId, connection.Redactor)).ToList()
            : new List<RailwayLogLine>();
        return query.Limit is { } limit && lines.Count > limit ? lines.GetRange(lines.Count - limit, limit) : lines;
    }

    /// <summary>Batches of build or deploy log lines as Railway streams them (a backlog first, then new lines).</summary>
    public async IAsyncEnumerable<IReadOnlyList<RailwayLogLine>> SubscribeAsync(
        string deploymentId,
        RailwayLogType type,
        int? limit,
        string? filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        var (operation, field) = type == RailwayLogType.Build ? ("BuildLogsStream", "buildLogs") : ("DeploymentLogsStream", "deploymentLogs");
        var variables = new JsonObject
        {
            ["deploymentId"] = deploymentId,
            ["limit"] = limit,

            // The CLI sends an empty filter rather than none.
            ["filter"] = filter ?? string.Empty,
        };
        await foreach (var data in connection.SubscribeAsync(operation, variables, cancellationToken).ConfigureAwait(false))
        {
            if (data.TryGetProperty(field, out var lines) && lines.ValueKind == JsonValueKind.Array)
            {
                yield return lines.EnumerateArray().Select(node => Map(node, type, deploymentId, connection.Redactor)).ToList();
            }
        }
    }

    /// <summary>A Log node (the LogFields selection) as the module's object.</summary>
    /// <param name="redactor">
    /// Masks known secrets and URL user info in the message and the attribute values: a log line reaches the
    /// user as text like any message (a build that prints its environment prints tokens). Null keeps them raw.
    /// </param>
    internal static RailwayLogLine Map(JsonElement node, RailwayLogType type, string deploymentId, Redactor? redactor = null)
    {
        string Safe(string text) => redactor is null ? text : redactor.Redact(text);
        var raw = ModelMapper.RequiredString(node, "timestamp");
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.TryGetProperty("attributes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var attribute in list.EnumerateArray())
            {
                if (ModelMapper.String(attribute, "key") is { } key)
                {
                    attributes[key] = Safe(Unquote(ModelMapper.String(attribute, "value") ?? string.Empty));
                }
            }
        }

        var severity = ModelMapper.String(node, "severity")
            ?? (attributes.TryGetValue("level", out var level) ? level : null)
            ?? (attributes.TryGetValue("lvl", out var lvl) ? lvl : null);
        return new RailwayLogLine
        {
            RawTimestamp = raw,
            Timestamp = ModelMapper.ParseTimestamp(raw),
            Message = Safe(ModelMapper.RequiredString(node, "message")),
            Severity = severity,
            Type = type,
            DeploymentId = (ModelMapper.Object(node, "tags") is { } tags ? ModelMapper.String(tags, "deploymentId") : null) ?? deploymentId,
            Attributes = attributes,
        };
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
