namespace RailwayOps;

/// <summary>What Railway measures (schema enum MetricMeasurement), PascalCase; the emulator takes the first four.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum RailwayMetricMeasurement
{
    CpuUsage,
    MemoryUsageGb,
    NetworkRxGb,
    NetworkTxGb,
    CpuLimit,
    MemoryLimitGb,
    DiskUsageGb,
    EphemeralDiskUsageGb,
    BackupUsageGb,
}

/// <summary>One sample of one measurement: ready for Measure-Object and for a chart.</summary>
public sealed class RailwayMetric
{
    public required DateTimeOffset Time { get; init; }

    public required RailwayMetricMeasurement Measurement { get; init; }

    public required double Value { get; init; }

    public string? ServiceId { get; init; }

    public string? ServiceName { get; init; }

    public string? EnvironmentId { get; init; }

    public string? EnvironmentName { get; init; }

    public override string ToString() => $"{Time:u} {Measurement} {Value}";
}

/// <summary>Min / average / max / last of one measurement's series, with the series itself drawn as a sparkline.</summary>
public sealed class RailwayMetricSummary
{
    private static readonly char[] Bars = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    public required RailwayMetricMeasurement Measurement { get; init; }

    public string? ServiceName { get; init; }

    public string? EnvironmentName { get; init; }

    public int Count { get; init; }

    public double? Minimum { get; init; }

    public double? Average { get; init; }

    public double? Maximum { get; init; }

    public double? Last { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    /// <summary>The series in time order.</summary>
    public IReadOnlyList<double> Values { get; init; } = [];

    /// <summary>The series as block characters from lowest (▁) to highest (█), at most <paramref name="width"/> wide
    /// (later samples win when it must be shortened: each character is the mean of its share of the series).</summary>
    public string Sparkline(int width = 40)
    {
        if (Values.Count == 0)
        {
            return string.Empty;
        }

        var points = Values.Count <= width
            ? Values.ToList()
            : Enumerable.Range(0, width).Select(i =>
            {
                var from = i * Values.Count / width;
                var to = Math.Max(from + 1, (i + 1) * Values.Count / width);
                return Values.Skip(from).Take(to - from).Average();
            }).ToList();
        var low = points.Min();
        var high = points.Max();
        var span = high - low;
        return new string(points.Select(v => span <= 0 ? Bars[0] : Bars[(int)Math.Round((v - low) / span * (Bars.Length - 1))]).ToArray());
    }

    /// <summary>The sparkline the table view shows.</summary>
    public string Trend => Sparkline();

    public static RailwayMetricSummary Of(RailwayMetricMeasurement measurement, IReadOnlyList<RailwayMetric> samples)
    {
        var ordered = samples.OrderBy(s => s.Time).ToList();
        return new RailwayMetricSummary
        {
            Measurement = measurement,
            ServiceName = ordered.Select(s => s.ServiceName).FirstOrDefault(n => n is not null),
            EnvironmentName = ordered.Select(s => s.EnvironmentName).FirstOrDefault(n => n is not null),
            Count = ordered.Count,
            Minimum = ordered.Count == 0 ? null : ordered.Min(s => s.Value),
            Average = ordered.Count == 0 ? null : ordered.Average(s => s.Value),
            Maximum = ordered.Count == 0 ? null : ordered.Max(s => s.Value),
            Last = ordered.Count == 0 ? null : ordered[^1].Value,
            Since = ordered.Count == 0 ? null : ordered[0].Time,
            Until = ordered.Count == 0 ? null : ordered[^1].Time,
            Values = ordered.Select(s => s.Value).ToList(),
        };
    }

    public override string ToString() => $"{Measurement}: {Trend}";
}
