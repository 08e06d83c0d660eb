namespace RailwayOps.Core.Health;

/// <summary>How a health check ended unhealthy; each kind is one row of the cmdlets' error map.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum HealthFailureKind
{
    /// <summary>It answered, but not healthy (a 5xx, a body that is not healthy).</summary>
    Unhealthy,

    /// <summary>The timeout passed without any HTTP answer (refused, reset, DNS).</summary>
    NoAnswer,

    /// <summary>The timeout passed while it answered unhealthy.</summary>
    TimedOut,

    /// <summary>It answered healthy with another version than the expected one.</summary>
    VersionMismatch,

    /// <summary>It answered healthy, then stopped within the stability window.</summary>
    Unstable,
}

/// <summary>The error Test-RailwayHealth writes for an unhealthy result; the result rides along for scripts.</summary>
public sealed class HealthCheckException : Exception
{
    public HealthCheckException(string message, HealthCheckResult result)
        : base(message)
    {
        Result = result ?? throw new ArgumentNullException(nameof(result));
    }

    public HealthCheckResult Result { get; }

    /// <summary>How the check ended (read from <see cref="Result"/>).</summary>
    public HealthFailureKind Kind => KindOf(Result);

    /// <summary>How an unhealthy result ended: unstable first, then a version mismatch, then by timeout and answer.</summary>
    public static HealthFailureKind KindOf(HealthCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { Stability.Stable: false } => HealthFailureKind.Unstable,
            { ExpectedVersion: not null, Version: not null, VersionMatches: false } => HealthFailureKind.VersionMismatch,
            { TimedOut: false } => HealthFailureKind.Unhealthy,
            { StatusCode: null } => HealthFailureKind.NoAnswer,
            _ => HealthFailureKind.TimedOut,
        };
    }
}
