using GraphQL;
using RailwayOps.Emulator.Deploy;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>
/// metrics: what the emulator measured of its own processes (Deploy/MetricsSampler: CPU and resident memory from /proc,
/// network bytes from the service proxies) in its bounded window. Samples are averaged into buckets of
/// sampleRateSeconds (default: the sampler's interval); without groupBy the services in scope are summed, with
/// SERVICE_ID / ENVIRONMENT_ID one series per group. Measurements the emulator does not take answer an empty series.
/// </summary>
public static class MetricFields
{
    private static readonly string[] Measured = ["CPU_USAGE", "MEMORY_USAGE_GB", "NETWORK_RX_GB", "NETWORK_TX_GB"];

    public static void Bind(FieldBinder fields) => fields.Query("metrics", Metrics);

    private static object Metrics(IResolveFieldContext context)
    {
        var graph = G(context);
        if (graph.Engine is not DeploymentEngine engine)
            return Array.Empty<object>();
        var projectId = context.GetArgument<string?>("projectId");
        var environmentId = context.GetArgument<string?>("environmentId");
        var serviceId = context.GetArgument<string?>("serviceId");
        if (projectId is null && environmentId is null && serviceId is null)
            throw new ExecutionError("metrics needs one of projectId, environmentId, serviceId");
        if (projectId is not null)
            graph.Project(projectId);
        if (environmentId is not null)
            graph.Environment(environmentId);
        if (serviceId is not null)
            graph.Service(serviceId);
        var start = context.GetArgument<DateTimeOffset>("startDate");
        var end = context.GetArgument<DateTimeOffset?>("endDate") ?? DateTimeOffset.UtcNow;
        if (end < start)
            throw new ExecutionError("endDate must not be before startDate");
        var rate = context.GetArgument<int?>("sampleRateSeconds") ?? (int)Math.Max(1, engine.Metrics.Interval.TotalSeconds);
        if (rate < 1)
            throw new ExecutionError("sampleRateSeconds must be at least 1");
        var groupBy = (context.GetArgument<List<object>?>("groupBy") ?? []).Select(t => t.ToString()!).ToList();
        foreach (var tag in groupBy.Where(t => t is not ("SERVICE_ID" or "ENVIRONMENT_ID")))
            throw new ExecutionError($"The emulator groups metrics by SERVICE_ID and ENVIRONMENT_ID only, not {tag}");
        var measurements = (context.GetArgument<List<object>>("measurements") ?? []).Select(m => m.ToString()!).Distinct().ToList();

        bool InScope(string environment, string service)
        {
            if (environmentId is not null && environment != environmentId) return false;
            if (serviceId is not null && service != serviceId) return false;
            if (!graph.Caller.CanSeeEnvironment(graph.Store.GetEnvironment(environment)?.ProjectId ?? "", environment)) return false;
            return projectId is null || graph.Store.GetEnvironment(environment)?.ProjectId == projectId;
        }

        var samples = engine.Metrics.Query(InScope, start, end);
        var series = samples
            .GroupBy(s => (Environment: groupBy.Contains("ENVIRONMENT_ID") ? s.EnvironmentId : null,
                Service: groupBy.Contains("SERVICE_ID") ? s.ServiceId : null))
            .Select(g => (g.Key, Samples: (IEnumerable<MetricSample>)g))
            .ToList();
        // Ungrouped, the scope is one series even when nothing was measured in the window.
        if (series.Count == 0 && groupBy.Count == 0)
            series.Add(((null, null), []));
        var results = new List<MetricsResultView>();
        foreach (var measurement in measurements)
        {
            foreach (var (key, items) in series)
            {
                results.Add(new MetricsResultView(measurement, new MetricTagsView(key.Service, key.Environment, projectId),
                    Measured.Contains(measurement) ? Bucket(items, measurement, rate) : []));
            }
        }
        return results;
    }

    /// <summary>Buckets of <paramref name="rate"/> seconds: per instance the average of its samples in the bucket, then the
    /// instances summed (so memory of three replicas adds up, as one service's total).</summary>
    private static List<MetricView> Bucket(IEnumerable<MetricSample> samples, string measurement, int rate) =>
        samples.GroupBy(s => s.Time.ToUnixTimeSeconds() / rate * rate)
            .OrderBy(b => b.Key)
            .Select(bucket => new MetricView((int)bucket.Key, bucket
                .GroupBy(s => (s.EnvironmentId, s.ServiceId))
                .Sum(instance => measurement switch
                {
                    "CPU_USAGE" => instance.Average(s => s.CpuUsage),
                    "MEMORY_USAGE_GB" => instance.Average(s => s.MemoryUsageGb),
                    "NETWORK_RX_GB" => instance.Sum(s => s.NetworkRxGb),
                    _ => instance.Sum(s => s.NetworkTxGb),
                })))
            .ToList();
}

public sealed record MetricView(int Ts, double Value);

public sealed record MetricTagsView(string? ServiceId, string? EnvironmentId, string? ProjectId);

public sealed record MetricsResultView(string Measurement, MetricTagsView Tags, IReadOnlyList<MetricView> Values);
