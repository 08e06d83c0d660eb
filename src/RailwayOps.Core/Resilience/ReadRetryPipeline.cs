using System.Globalization;
using Polly;
using Polly.Retry;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;

namespace RailwayOps.Core.Resilience;

/// <summary>
/// The Polly pipeline reads run through: transient failures (429, 5xx, network, timeouts, garbled
/// bodies) are retried with jittered exponential backoff that never undercuts Retry-After.
/// </summary>
public static class ReadRetryPipeline
{
    public static ResiliencePipeline Create(RetryOptions options, IRailwayEventSink events, TimeProvider timeProvider, string operationName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxAttempts <= 1)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is RailwayApiException api && IsRetryable(api, options)),
            DelayGenerator = args =>
            {
                var retryAfter = (args.Outcome.Exception as RailwayApiException)?.RetryAfter;
                var delay = RetryDelay.Compute(options, args.AttemptNumber, retryAfter, Random.Shared.NextDouble());
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
