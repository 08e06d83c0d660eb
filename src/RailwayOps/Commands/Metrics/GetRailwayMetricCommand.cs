using System.Management.Automation;

namespace RailwayOps.Commands;

/// <summary>
/// Railway's metrics query for a service (or every service of an environment): one object per sample (Time,
/// Measurement, Value, service), or with -Summary min/avg/max/last per measurement and service, drawn as a sparkline.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RailwayMetric")]
[OutputType(typeof(RailwayMetric), typeof(RailwayMetricSummary))]
public sealed class GetRailwayMetricCommand : ServiceInstanceCmdlet
{
    /// <summary>The longest window one call asks for.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(30);

    /// <summary>The most samples per series one call asks for (window / sample rate).</summary>
    public const int MaxSamples = 10_000;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public RailwayMetricMeasurement[] Measurement { get; set; } =
        [RailwayMetricMeasurement.CpuUsage, RailwayMetricMeasurement.MemoryUsageGb, RailwayMetricMeasurement.NetworkRxGb, RailwayMetricMeasurement.NetworkTxGb];

    /// <summary>How far back (default one hour; at most 30 days).</summary>
    [Parameter]
    public TimeSpan Since { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Seconds per sample (Railway's sampleRateSeconds); default: Railway's.</summary>
    [Parameter]
    public int? SampleRateSec { get; set; }

    /// <summary>Min / average / max / last per measurement and service, with a sparkline of the series.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override void ProcessRecord()
    {
        string? problem = null;
        if (Since <= TimeSpan.Zero || Since > MaxWindow)
        {
            problem = Format(CmdletText.MetricWindowInvalid, Since, MaxWindow.TotalDays);
        }
        else if (SampleRateSec is < 1)
        {
            problem = Format(CmdletText.MetricSampleRateInvalid, SampleRateSec);
        }
        else if (SampleRateSec is { } rate && Since.TotalSeconds / rate > MaxSamples)
        {
            problem = Format(CmdletText.MetricTooManySamples, Since, rate, MaxSamples);
        }

        if (problem is not null)
        {
            WriteFailure(CmdletFailure.MetricWindowInvalid, new ArgumentException(problem), Since);
            return;
        }

        if (!TryResolveEnvironment(out var project, out var environment, out var service, serviceRequired: false))
        {
            return;
        }

        var client = Client;
        var measurements = Measurement.Distinct().ToList();
        RunNamed(service?.Name ?? environment.Name, service is null ? Format(CmdletText.PlaceEnvironment, environment.Name, project.Name) : Format(CmdletText.PlaceService, service.Name, project.Name, environment.Name), () =>
        {
            var end = DateTimeOffset.UtcNow;
            var samples = Run(token => client.Metrics.GetAsync(environment, service, measurements, end - Since, end, SampleRateSec, token));
            if (service is null)
            {
                var names = new Dictionary<string, string>(StringComparer.Ordinal);
                RunStream(token => client.Projects.ListServicesAsync(project, token), s => names[s.ServiceId] = s.Name);
                samples = samples.Select(s => s.ServiceId is { } id && names.TryGetValue(id, out var name)
                    ? new RailwayMetric { Time = s.Time, Measurement = s.Measurement, Value = s.Value, ServiceId = id, ServiceName = name, EnvironmentId = s.EnvironmentId, EnvironmentName = s.EnvironmentName }
                    : s).ToList();
            }

            WriteVerbose(Format(CmdletText.MetricsRead, samples.Count, service?.Name ?? environment.Name, Since));
            if (!Summary)
            {
                WriteObject(samples, enumerateCollection: true);
                return;
            }

            var groups = samples.GroupBy(s => (s.Measurement, s.ServiceId)).ToList();
            foreach (var measurement in measurements)
            {
                var mine = groups.Where(g => g.Key.Measurement == measurement).ToList();
                if (mine.Count == 0)
                {
                    WriteObject(new RailwayMetricSummary { Measurement = measurement, ServiceName = service?.Name, EnvironmentName = environment.Name });
                    continue;
                }

                foreach (var group in mine)
                {
                    WriteObject(RailwayMetricSummary.Of(measurement, group.ToList()));
                }
            }
        });
    }
}
