using System.Globalization;
using RailwayOps.Core.Health;

namespace RailwayOps;

/// <summary>The outcome of a health probe, described by its last attempt.</summary>
public sealed class HealthCheckResult
{
    public required Uri Uri { get; init; }

    /// <summary>The last answer was 2xx and, when a version was expected, reported it.</summary>
    public required bool Healthy { get; init; }

    /// <summary>HTTP status of the last answer; null when no answer arrived (refused, timed out).</summary>
    public int? StatusCode { get; init; }

    /// <summary>The body's top-level "status" property, when it has one.</summary>
    public string? Status { get; init; }

    /// <summary>The version the body reported, when it reported one.</summary>
    public string? Version { get; init; }

    public string? ExpectedVersion { get; init; }

    /// <summary>Whether <see cref="Version"/> equals <see cref="ExpectedVersion"/>; null when no version was expected.</summary>
    public bool? VersionMatches { get; init; }

    /// <summary>Time to the last attempt's answer (or failure).</summary>
    public TimeSpan Latency { get; init; }

    public int Attempts { get; init; }

    /// <summary>Why the last attempt was not healthy; null when healthy.</summary>
    public string? LastError { get; init; }

    /// <summary>The probe gave up because its deadline passed, not because the answer was final.</summary>
    public bool TimedOut { get; init; }

    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>
    /// The result in one line, for where it is a property of another object (a release's Health, an
    /// error's Result) and Format-List would otherwise show only the type name.
    /// </summary>
    public override string ToString()
    {
        var attempts = string.Format(CultureInfo.InvariantCulture, HealthMessages.SummaryAttempts, Attempts);
        // The stability window is part of the verdict: a healthy one says it held (an unstable one is unhealthy, and LastError says why).
        if (Healthy && Stability is { } stability)
        {
            attempts += ", " + stability;
        }

        var status = StatusCode is { } code ? string.Format(CultureInfo.InvariantCulture, HealthMessages.SummaryStatus, code) : HealthMessages.SummaryNoAnswer;
        var version = Version is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, HealthMessages.SummaryVersion, Version);
        return Healthy
            ? string.Format(CultureInfo.InvariantCulture, HealthMessages.SummaryHealthy, status, version, Uri, attempts)
            : string.Format(CultureInfo.InvariantCulture, HealthMessages.SummaryUnhealthy, status, version, Uri, attempts, LastError ?? HealthMessages.SummaryNoReason);
    }

    /// <summary>How the service held up in the stability window after this answer (-StableSec); null when not watched.</summary>
    public StabilityVerdict? Stability { get; init; }

    /// <summary>This result with the stability verdict: an unstable service is not healthy, and the verdict says why.</summary>
    public HealthCheckResult WithStability(StabilityVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var last = verdict.LastHealth;
        return new HealthCheckResult
        {
            Uri = Uri,
            Healthy = Healthy && verdict.Stable,
            StatusCode = last?.StatusCode ?? StatusCode,
            Status = last?.Status ?? Status,
            Version = last?.Version ?? Version,
            ExpectedVersion = ExpectedVersion,
            VersionMatches = last?.VersionMatches ?? VersionMatches,
            Latency = last?.Latency ?? Latency,
            Attempts = Attempts + verdict.Probes,
            LastError = verdict.Stable ? LastError : verdict.Reason,
            TimedOut = TimedOut,
            CheckedAt = last?.CheckedAt ?? CheckedAt,
            Stability = verdict,
        };
    }
}
