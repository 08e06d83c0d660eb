using System.Globalization;

namespace RailwayOps.Core.Resilience;

/// <summary>Backoff arithmetic and Retry-After parsing, kept apart from Polly so they can be tested alone.</summary>
public static class RetryDelay
{
    /// <summary>
    /// Added to a Retry-After that decides the delay. Timers fire on a coarse clock (on Linux .NET's tick
    /// advances in steps of up to 4 ms), so a wait of exactly the header's value can end a few
    /// milliseconds before it, as measured by the server: the retry would land inside the window it was
    /// told to keep out of.
    /// </summary>
    public static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Exponential backoff with ±20 % jitter, capped, and never shorter than the server's Retry-After
    /// (plus <see cref="RetryAfterMargin"/>). <paramref name="attempt"/> is 0 for the first retry.
    /// </summary>
    public static TimeSpan Compute(RetryOptions options, int attempt, TimeSpan? retryAfter, double jitterSample)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (double.IsNaN(jitterSample))
        {
            jitterSample = 0.5;
        }

        // Only a Retry-After within what a timer can wait is added to; a longer one is never retried anyway.
        retryAfter = retryAfter is { } asked ? Deadline.ClampTimer(asked) : null;
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var jittered = exponential * (0.8 + (0.4 * Math.Clamp(jitterSample, 0, 1)));
        var backoff = TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxDelay.TotalMilliseconds));
        return retryAfter is { } serverDelay && serverDelay + RetryAfterMargin > backoff ? serverDelay + RetryAfterMargin : backoff;
    }

    /// <summary>
    /// The longest Retry-After kept as it is: what a .NET timer can wait (about 49.7 days). A longer one (a date
    /// centuries away, "1e300") means the same to a client, so it is capped here rather than overflow a TimeSpan.
    /// </summary>
    public static readonly TimeSpan MaxRetryAfter = Deadline.MaxTimerSpan;

    /// <summary>Retry-After as delta seconds or an HTTP date; null when absent or unreadable; capped at <see cref="MaxRetryAfter"/>.</summary>
    /// <remarks>Read from the raw header value: the typed header rejects fractional seconds, which some proxies send.</remarks>
    public static TimeSpan? Parse(string? raw, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            // NaN says nothing; infinity and 1e300 say "much longer than anyone waits".
            return double.IsNaN(seconds) ? null
                : seconds <= 0 ? TimeSpan.Zero
                : seconds >= MaxRetryAfter.TotalSeconds ? MaxRetryAfter
                : TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(raw.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Cap(date - now)
            : null;
    }

    private static TimeSpan Cap(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
}
