namespace RailwayOps.Core.Resilience;

/// <summary>The retry budget for reads. Mutations are never retried.</summary>
public sealed record RetryOptions
{
    /// <summary>Total attempts, the first one included.</summary>
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After longer than this fails at once rather than block a script silently for that long.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);
}
