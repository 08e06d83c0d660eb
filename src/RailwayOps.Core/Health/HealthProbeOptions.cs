namespace RailwayOps.Core.Health;

/// <summary>What to probe and how long to keep trying.</summary>
public sealed class HealthProbeOptions
{
    /// <summary>The longest a single request may take; a request also never outlives the overall deadline.</summary>
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The shortest time a request is given, even when less is left before the deadline: a request
    /// cut to a few milliseconds would fail for a reason that says nothing about the service.
    /// </summary>
    public static readonly TimeSpan MinRequestTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Railway's own health-check timeout, which the CPWTR workflow uses.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    public static readonly TimeSpan DefaultRetryInterval = TimeSpan.FromSeconds(2);

    public HealthProbeOptions(Uri uri)
    {
        Uri = HealthUri.Validate(uri);
    }

    /// <summary>An absolute http or https URI.</summary>
    public Uri Uri { get; }

    /// <summary>The version the body must report; null accepts any 2xx answer.</summary>
    public string? ExpectedVersion { get; init; }

    /// <summary>The JSON property holding the version; a dotted path reaches nested objects ("build.version").</summary>
    public string VersionProperty { get; init; } = "version";

    /// <summary>
    /// How long to keep retrying. <see cref="TimeSpan.Zero"/> means a single attempt (whose own
    /// timeout is <see cref="MaxRequestTimeout"/>).
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The fixed pause between attempts.</summary>
    public TimeSpan RetryInterval { get; init; } = DefaultRetryInterval;

    /// <summary>
    /// The caller's deadline (a cmdlet's -TimeoutSec): the checks stop at the earlier of it and <see cref="Timeout"/>,
    /// and no request outlives it by more than <see cref="MinRequestTimeout"/>.
    /// </summary>
    public Resilience.Deadline Deadline { get; init; } = Resilience.Deadline.None;

    /// <summary>How often the progress line is refreshed while an attempt or a pause goes on.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (Timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, HealthMessages.NegativeTimeout);
        }
        if (RetryInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryInterval), RetryInterval, HealthMessages.NegativeRetryInterval);
        }
        if (string.IsNullOrWhiteSpace(VersionProperty) || VersionProperty.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException(HealthMessages.Format(HealthMessages.InvalidVersionProperty, VersionProperty), nameof(VersionProperty));
        }
    }
}
