using System.Globalization;
using Polly;
using Polly.Retry;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Transport;

namespace RailwayOps.Core.Resilience;

/// <summary>
/// The Polly pipeline reads run through: transient failures (429, 5xx, network, timeouts, garbled
/// bodies) are retried with jittered exponential backoff that never undercuts Retry-After, and never
/// past the caller's <see cref="Deadline"/>: a retry whose pause would end after it is not made, and the
/// failure that asked for it is the answer.
/// </summary>
public static class ReadRetryPipeline
{
    public static ResiliencePipeline Create(RetryOptions options, IRailwayEventSink events, TimeProvider timeProvider, string operationName) =>
        Create(options, events, timeProvider, operationName, Deadline.None);

    /// <remarks>The pipeline is made for one read: it carries the delay chosen for the next retry from ShouldHandle to DelayGenerator.</remarks>
    public static ResiliencePipeline Create(RetryOptions options, IRailwayEventSink events, TimeProvider timeProvider, string operationName, Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deadline);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxAttempts <= 1)
        {
            return builder.Build();
        }

        TimeSpan? next = null;
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            ShouldHandle = args =>
            {
                next = null;
                if (args.Outcome.Exception is not RailwayApiException api || !IsRetryable(api, options))
                {
                    return ValueTask.FromResult(false);
                }

                var delay = RetryDelay.Compute(options, args.AttemptNumber, api.RetryAfter, Random.Shared.NextDouble());
                if (deadline.IsLimited && delay >= deadline.Remaining)
                {
                    events.Report(new RailwayEvent(RailwayEventLevel.Verbose, string.Format(
                        CultureInfo.InvariantCulture, TransportMessages.RetryBeyondDeadline, operationName, deadline, delay.TotalSeconds, api.Message)));
                    return ValueTask.FromResult(false);
                }

                next = delay;
                return ValueTask.FromResult(true);
            },
            DelayGenerator = args =>
            {
                var delay = next ?? RetryDelay.Compute(options, args.AttemptNumber, (args.Outcome.Exception as RailwayApiException)?.RetryAfter, Random.Shared.NextDouble());
                return ValueTask.FromResult<TimeSpan?>(delay);
            },
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception?.Message ?? string.Empty;
                events.Report(new RailwayEvent(RailwayEventLevel.Verbose, string.Format(
                    CultureInfo.InvariantCulture,
                    Messages.RetryScheduled,
                    operationName,
                    reason,
                    args.AttemptNumber + 1,
                    options.MaxAttempts - 1,
                    args.RetryDelay.TotalSeconds)));
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private static bool IsRetryable(RailwayApiException exception, RetryOptions options) =>
        exception.IsTransient
        && !(exception.Kind == RailwayApiErrorKind.RateLimited && exception.RetryAfter > options.MaxRetryAfter);
}
