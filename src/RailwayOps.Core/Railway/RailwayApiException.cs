namespace RailwayOps.Core.Railway;

/// <summary>
/// A Railway API call failed. The message is safe to show (secrets redacted); <see cref="ServerMessage"/>
/// carries the server's own words when it sent any.
/// </summary>
public sealed class RailwayApiException : Exception
{
    public RailwayApiException(RailwayApiErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public RailwayApiErrorKind Kind { get; }

    /// <summary>The GraphQL operation that failed, when known.</summary>
    public string? OperationName { get; init; }

    /// <summary>NotFound only: what kind of thing was missing, when the client knows.</summary>
    public RailwayResourceKind? Resource { get; init; }

    /// <summary>The HTTP status code, when a response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>RateLimited only: how long the server asked us to wait.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The server's error text (GraphQL errors[].message or the HTTP body's summary).</summary>
    public string? ServerMessage { get; init; }

    /// <summary>
    /// Timeout only: the caller's deadline (a cmdlet's -TimeoutSec) passed, not just one attempt's own timeout;
    /// nothing more will be tried for it.
    /// </summary>
    public bool DeadlinePassed { get; init; }

    /// <summary>Whether a read may be retried after this failure.</summary>
    /// A garbled body is usually a proxy's hiccup, so it counts as transient for reads.
    public bool IsTransient => !DeadlinePassed && Kind is RailwayApiErrorKind.RateLimited or RailwayApiErrorKind.Timeout
        or RailwayApiErrorKind.Transport or RailwayApiErrorKind.InvalidResponse;
}

/// <summary>The kinds of Railway objects a lookup can miss.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum RailwayResourceKind
{
    Project,
    Environment,
    Service,
    Deployment,
}
