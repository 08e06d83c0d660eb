using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Health;

/// <summary>
/// Polls a health endpoint until it answers healthy (2xx, and the expected version when one is
/// given) or the deadline passes.
/// </summary>
/// <remarks>
/// Retried until the deadline, with a fixed pause: connection errors, request timeouts, 404 (the
/// route or the app is not up yet), 408, 425, 429, 5xx, and 2xx answers that are not JSON, lack the
/// version or report another version (when a version is expected). Other answers (401, 403, other
/// 4xx, unfollowed 3xx) are final at once. Each request times out after min(10 s, time left), but
/// gets at least 1 s, so the probe can end up to 1 s after its deadline.
/// Redirects are followed only between http and https (never https to http) and no cookies are kept.
/// </remarks>
public sealed class HealthProbe : IDisposable
{
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly HttpClient client;
    private readonly IRailwayEventSink events;

    public HealthProbe(IRailwayEventSink? events = null)
    {
        this.events = events ?? NullEventSink.Instance;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = HealthProbeOptions.MaxRequestTimeout,
        };
        this.client = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxBodyBytes,
        };
        this.client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        this.client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("RailwayOps", typeof(HealthProbe).Assembly.GetName().Version?.ToString(3)));
    }

    /// <summary>Probes until healthy or until <see cref="HealthProbeOptions.Timeout"/> has passed.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; no result.</exception>
    public async Task<HealthCheckResult> CheckAsync(HealthProbeOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        while (true)
        {
            attempts++;
            var remaining = options.Timeout - clock.Elapsed;
            var requestTimeout = options.Timeout == TimeSpan.Zero || remaining > HealthProbeOptions.MaxRequestTimeout
                ? HealthProbeOptions.MaxRequestTimeout
                : Max(remaining, HealthProbeOptions.MinRequestTimeout);
            var attempt = await AttemptAsync(options, requestTimeout, cancellationToken).ConfigureAwait(false);
            remaining = options.Timeout - clock.Elapsed;
            var willRetry = !attempt.Healthy && attempt.Retryable && remaining > TimeSpan.Zero;
            var pause = willRetry ? Min(options.RetryInterval, remaining) : TimeSpan.Zero;
            Report(options, attempts, attempt, willRetry, pause);
            if (!willRetry)
            {
                return ToResult(options, attempt, attempts, timedOut: !attempt.Healthy && attempt.Retryable);
            }
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            if (clock.Elapsed >= options.Timeout)
            {
                // The deadline passed during the pause; the last answer stands.
                return ToResult(options, attempt, attempts, timedOut: true);
            }
        }
    }

    public void Dispose() => this.client.Dispose();

    private async Task<AttemptOutcome> AttemptAsync(HealthProbeOptions options, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await this.client.GetAsync(options.Uri, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return Evaluate(options, (int)response.StatusCode, response.ReasonPhrase, body, stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return AttemptOutcome.Failed(stopwatch.Elapsed, null,
                HealthMessages.Format(HealthMessages.NoAnswerWithin, requestTimeout.TotalSeconds), retryable: true);
        }
        catch (HttpRequestException exception)
        {
            return AttemptOutcome.Failed(stopwatch.Elapsed, null, DescribeTransportError(exception), retryable: true);
        }
    }

    private static AttemptOutcome Evaluate(HealthProbeOptions options, int statusCode, string? reason, string body, TimeSpan latency)
    {
        var isJson = HealthResponseReader.TryRead(body, options.VersionProperty, out var status, out var version);
        var outcome = new AttemptOutcome { StatusCode = statusCode, Status = status, Version = version, Latency = latency };
        if (statusCode is < 200 or > 299)
        {
            var retryable = statusCode is 404 or 408 or 425 or 429 or >= 500;
            return outcome with { Error = HealthMessages.Format(HealthMessages.HttpStatus, statusCode, reason).TrimEnd(), Retryable = retryable };
        }
        if (options.ExpectedVersion is null)
        {
            return outcome with { Healthy = true };
        }
        if (!isJson)
        {
            return outcome with { Error = HealthMessages.Format(HealthMessages.NotJson, statusCode), Retryable = true };
        }
        if (version is null)
        {
            return outcome with { Error = HealthMessages.Format(HealthMessages.VersionMissing, options.VersionProperty), Retryable = true };
        }
        return HealthResponseReader.VersionsMatch(version, options.ExpectedVersion)
            ? outcome with { Healthy = true }
            : outcome with { Error = HealthMessages.Format(HealthMessages.VersionMismatch, version, options.ExpectedVersion), Retryable = true };
    }

    private static string DescribeTransportError(HttpRequestException exception)
    {
        var innermost = exception.InnerException?.Message;
        return innermost is null || exception.Message.Contains(innermost, StringComparison.Ordinal)
            ? exception.Message
            : HealthMessages.Format(HealthMessages.TransportError, exception.Message, innermost);
    }

    private void Report(HealthProbeOptions options, int attempts, AttemptOutcome attempt, bool willRetry, TimeSpan pause)
    {
        var answer = attempt.StatusCode is { } code ? HealthMessages.Format(HealthMessages.AttemptAnswer, code) : HealthMessages.AttemptNoAnswer;
        var verdict = attempt.Healthy ? HealthMessages.AttemptHealthy : attempt.Error;
        var version = attempt.Version is null ? string.Empty : HealthMessages.Format(HealthMessages.AttemptVersion, attempt.Version);
        var next = willRetry ? HealthMessages.Format(HealthMessages.AttemptRetry, pause.TotalSeconds) : string.Empty;
        this.events.Report(new RailwayEvent(RailwayEventLevel.Verbose, HealthMessages.Format(HealthMessages.Attempt,
            options.Uri, attempts, answer, attempt.Latency.TotalMilliseconds, version, verdict, next)));
    }

    private static HealthCheckResult ToResult(HealthProbeOptions options, AttemptOutcome attempt, int attempts, bool timedOut) => new()
    {
        // The result is shown (views, CI summaries, messages): a password in the URI is not.
        Uri = Resilience.UrlRedaction.Redact(options.Uri),
        Healthy = attempt.Healthy,
        StatusCode = attempt.StatusCode,
        Status = attempt.Status,
        Version = attempt.Version,
        ExpectedVersion = options.ExpectedVersion,
        VersionMatches = options.ExpectedVersion is null ? null : HealthResponseReader.VersionsMatch(attempt.Version, options.ExpectedVersion),
        Latency = attempt.Latency,
        Attempts = attempts,
        LastError = attempt.Healthy ? null : attempt.Error,
        TimedOut = timedOut,
        CheckedAt = DateTimeOffset.UtcNow,
    };

    private static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;

    private static TimeSpan Max(TimeSpan left, TimeSpan right) => left > right ? left : right;

    private sealed record AttemptOutcome
    {
        public bool Healthy { get; init; }
        public bool Retryable { get; init; }
        public int? StatusCode { get; init; }
        public string? Status { get; init; }
        public string? Version { get; init; }
        public string? Error { get; init; }
        public TimeSpan Latency { get; init; }

        public static AttemptOutcome Failed(TimeSpan latency, int? statusCode, string error, bool retryable) =>
            new() { Latency = latency, StatusCode = statusCode, Error = error, Retryable = retryable };
    }
}
