using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    /// <summary>
    /// Build or deploy log lines, oldest first. Railway returns limit + 1 lines; like the CLI we keep
    /// the last <see cref="LogQuery.Limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<RailwayLogLine>> GetLogsAsync(string deploymentId, RailwayLogType type, LogQuery query, CancellationToken cancellationToken)
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
        var data = await transport.QueryAsync(operation, variables, cancellationToken).ConfigureAwait(false);
        var field = Field(data, type == RailwayLogType.Build ? "buildLogs" : "deploymentLogs");
        var lines = field.ValueKind == JsonValueKind.Array
            ? field.EnumerateArray().Select(node => ModelMapper.LogLine(node, type, deploymentId, transport.Options.Redactor)).ToList()
            : new List<RailwayLogLine>();
        return query.Limit is { } limit && lines.Count > limit ? lines.GetRange(lines.Count - limit, limit) : lines;
    }
}
