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

    /// <summary>Probe progress ids: one activity per probe, clear of the cmdlets' own and the waiter's.</summary>
    public const int ProgressActivityId = 0x5400;

    /// <summary>
    /// Probes until healthy or until <see cref="HealthProbeOptions.Timeout"/> (or the caller's
    /// <see cref="HealthProbeOptions.Deadline"/>, whichever is first) has passed, reporting progress (attempt,
    /// time waited, last answer, deadline) every <see cref="HealthProbeOptions.ProgressInterval"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; no result.</exception>
    public async Task<HealthCheckResult> CheckAsync(HealthProbeOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var progress = new ProbeProgress(this.events, options, clock);
        using var stopTicking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ticker = progress.TickAsync(stopTicking.Token);
        try
        {
            var attempts = 0;
            while (true)
            {
                attempts++;
                progress.Attempt(attempts);
                var remaining = Remaining(options, clock);
                var requestTimeout = options.Timeout == TimeSpan.Zero || remaining > HealthProbeOptions.MaxRequestTimeout
                    ? HealthProbeOptions.MaxRequestTimeout
                    : Max(remaining, HealthProbeOptions.MinRequestTimeout);
                requestTimeout = Max(options.Deadline.Clip(requestTimeout), HealthProbeOptions.MinRequestTimeout);
                var attempt = await AttemptAsync(options, requestTimeout, cancellationToken).ConfigureAwait(false);
                progress.Answered(attempt.Healthy ? HealthMessages.ProgressHealthy : attempt.Error);
                remaining = Remaining(options, clock);
                var willRetry = !attempt.Healthy && attempt.Retryable && remaining > TimeSpan.Zero;
                var pause = willRetry ? Min(options.RetryInterval, remaining) : TimeSpan.Zero;
                Report(options, attempts, attempt, willRetry, pause);
                if (!willRetry)
                {
                    return ToResult(options, attempt, attempts, timedOut: !attempt.Healthy && attempt.Retryable);
                }
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                if (Remaining(options, clock) <= TimeSpan.Zero)
                {
                    // The deadline passed during the pause; the last answer stands.
                    return ToResult(options, attempt, attempts, timedOut: true);
                }
            }
        }
        finally
        {
            stopTicking.Cancel();
            await AsyncEnumeration.Observe(ticker).ConfigureAwait(false);
            progress.Complete();
        }
    }

    /// <summary>What is left: of <see cref="HealthProbeOptions.Timeout"/> (zero after the first attempt when it is zero) and of the caller's deadline.</summary>
    private static TimeSpan Remaining(HealthProbeOptions options, Stopwatch clock)
    {
        var own = options.Timeout - clock.Elapsed;
        var left = options.Deadline.Remaining;
        return own < left ? own : left;
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
        Uri = Secrets.UrlRedaction.Redact(options.Uri),
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

    /// <summary>The probe's progress line: written on each attempt and answer, and refreshed by a ticker in between.</summary>
    private sealed class ProbeProgress(IRailwayEventSink events, HealthProbeOptions options, Stopwatch clock)
    {
        private readonly string activity = HealthMessages.Format(HealthMessages.ProgressActivity, options.Uri);
        private int attempt;
        private string? lastAnswer;

        public void Attempt(int number)
        {
            Volatile.Write(ref attempt, number);
            Report();
        }

        public void Answered(string? answer)
        {
            Volatile.Write(ref lastAnswer, answer);
            Report();
        }

        public async Task TickAsync(CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(options.ProgressInterval);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Report();
            }
        }

        public void Complete() => events.Report(new RailwayEvent(RailwayEventLevel.Progress, Volatile.Read(ref lastAnswer) ?? HealthMessages.ProgressNoAnswerYet)
        {
            Activity = activity,
            ActivityId = ProgressActivityId,
            PercentComplete = 100,
            Completed = true,
        });

        private void Report()
        {
            var left = Remaining(options, clock);
            var limit = options.Timeout == TimeSpan.Zero && !options.Deadline.IsLimited
                ? HealthMessages.ProgressSingleAttempt
                : HealthMessages.Format(HealthMessages.ProgressDeadline, DateTimeOffset.Now + (left > TimeSpan.Zero ? left : TimeSpan.Zero), Math.Max(0, left.TotalSeconds));
            var total = clock.Elapsed + (left > TimeSpan.Zero ? left : TimeSpan.Zero);
            events.Report(new RailwayEvent(RailwayEventLevel.Progress, HealthMessages.Format(
                HealthMessages.ProgressStatus, Volatile.Read(ref attempt), clock.Elapsed.TotalSeconds, Volatile.Read(ref lastAnswer) ?? HealthMessages.ProgressNoAnswerYet, limit))
            {
                Activity = activity,
                ActivityId = ProgressActivityId,
                PercentComplete = total > TimeSpan.Zero ? (int)Math.Clamp(100 * clock.Elapsed.TotalSeconds / total.TotalSeconds, 0, 99) : -1,
            });
        }
    }

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
