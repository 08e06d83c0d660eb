using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

/// <summary>Railway's metrics query (<c>railway.Metrics</c>): samples of a service, an environment or a project.</summary>
public sealed class MetricsClient
{
    private static readonly Dictionary<RailwayMetricMeasurement, string> Names = new()
    {
        [RailwayMetricMeasurement.CpuUsage] = "CPU_USAGE",
        [RailwayMetricMeasurement.MemoryUsageGb] = "MEMORY_USAGE_GB",
        [RailwayMetricMeasurement.NetworkRxGb] = "NETWORK_RX_GB",
        [RailwayMetricMeasurement.NetworkTxGb] = "NETWORK_TX_GB",
        [RailwayMetricMeasurement.CpuLimit] = "CPU_LIMIT",
        [RailwayMetricMeasurement.MemoryLimitGb] = "MEMORY_LIMIT_GB",
        [RailwayMetricMeasurement.DiskUsageGb] = "DISK_USAGE_GB",
        [RailwayMetricMeasurement.EphemeralDiskUsageGb] = "EPHEMERAL_DISK_USAGE_GB",
        [RailwayMetricMeasurement.BackupUsageGb] = "BACKUP_USAGE_GB",
    };

    private readonly ApiConnection connection;

    internal MetricsClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>
    /// One request: the samples of <paramref name="measurements"/> from <paramref name="start"/> to <paramref name="end"/>
    /// for the service in the environment (grouped by service), every <paramref name="sampleRateSeconds"/> seconds.
    /// </summary>
    public async Task<IReadOnlyList<RailwayMetric>> GetAsync(RailwayEnvironment environment, RailwayService? service,
        IReadOnlyCollection<RailwayMetricMeasurement> measurements, DateTimeOffset start, DateTimeOffset? end, int? sampleRateSeconds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var variables = new JsonObject
        {
            ["projectId"] = environment.ProjectId,
            ["environmentId"] = environment.EnvironmentId,
            ["startDate"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["measurements"] = new JsonArray(measurements.Select(m => (JsonNode?)JsonValue.Create(Names[m])).ToArray()),
            ["groupBy"] = new JsonArray(JsonValue.Create("SERVICE_ID")),
        };
        if (service is not null)
        {
            variables["serviceId"] = service.ServiceId;
        }

        if (end is { } until)
        {
            variables["endDate"] = until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        if (sampleRateSeconds is { } rate)
        {
            variables["sampleRateSeconds"] = rate;
        }

        var data = await connection.QueryAsync("Metrics", variables, cancellationToken).ConfigureAwait(false);
        var results = ApiConnection.Field(data, "metrics");
        var samples = new List<RailwayMetric>();
        if (results.ValueKind != JsonValueKind.Array)
        {
            return samples;
        }

        foreach (var result in results.EnumerateArray())
        {
            var name = ModelMapper.String(result, "measurement");
            var measurement = Names.FirstOrDefault(pair => pair.Value == name);
            if (name is null || measurement.Value is null)
            {
                continue;
            }

            var tags = ModelMapper.Object(result, "tags");
            var serviceId = tags is { } t ? ModelMapper.String(t, "serviceId") : null;
            if (!result.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var value in values.EnumerateArray())
            {
                samples.Add(new RailwayMetric
                {
                    Time = DateTimeOffset.FromUnixTimeSeconds(value.GetProperty("ts").GetInt64()),
                    Measurement = measurement.Key,
                    Value = value.GetProperty("value").GetDouble(),
                    ServiceId = serviceId ?? service?.ServiceId,
                    ServiceName = serviceId is null || serviceId == service?.ServiceId ? service?.Name : null,
                    EnvironmentId = environment.EnvironmentId,
                    EnvironmentName = environment.Name,
                });
            }
        }

        return samples.OrderBy(s => s.Time).ThenBy(s => s.Measurement).ToList();
    }
}
