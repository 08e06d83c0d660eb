namespace RailwayOps.Core.Health;

/// <summary>Every user-facing text of the health probe; format items are noted per entry.</summary>
internal static class HealthMessages
{
    /// <summary>{0} status, {1} version (or empty), {2} URI, {3} attempts.</summary>
    public const string SummaryHealthy = "Healthy: {0}{1} from {2} ({3})";

    /// <summary>{0} status, {1} version (or empty), {2} URI, {3} attempts, {4} reason.</summary>
    public const string SummaryUnhealthy = "Unhealthy: {0}{1} from {2} ({3}): {4}";

    public const string SummaryStatus = "HTTP {0}";
    public const string SummaryNoAnswer = "no answer";
    public const string SummaryVersion = ", version {0}";
    public const string SummaryAttempts = "{0} attempt(s)";
    public const string SummaryNoReason = "no reason given";

    /// <summary>{0} the URI as given.</summary>
    public const string InvalidUri = "'{0}' is not an absolute http or https URI; a health check needs one such as https://app.up.railway.app/api/health.";

    public const string NegativeTimeout = "The timeout cannot be negative; use 0 for a single attempt.";

    public const string NegativeRetryInterval = "The retry interval cannot be negative.";

    /// <summary>{0} the property path.</summary>
    public const string InvalidVersionProperty = "'{0}' is not a property name or dotted path such as build.version.";

    /// <summary>{0} the URI.</summary>
    public const string ProgressActivity = "Checking the health of {0}";

    /// <summary>{0} attempt number, {1} seconds waited, {2} the last answer or "no answer yet", {3} the deadline part.</summary>
    public const string ProgressStatus = "attempt {0} · waited {1:0} s · last: {2} · {3}";

    public const string ProgressNoAnswerYet = "no answer yet";

    public const string ProgressHealthy = "healthy";

    /// <summary>{0} local time the checks stop, {1} seconds left.</summary>
    public const string ProgressDeadline = "deadline {0:HH:mm:ss} ({1:0} s left)";

    public const string ProgressSingleAttempt = "one attempt";

    /// <summary>{0} seconds.</summary>
    public const string NoAnswerWithin = "no answer within {0:0.#} s";

    /// <summary>{0} status code, {1} reason phrase.</summary>
    public const string HttpStatus = "HTTP {0} {1}";

    /// <summary>{0} status code.</summary>
    public const string NotJson = "HTTP {0} but the body is not a JSON object, so it reports no version";

    /// <summary>{0} property path.</summary>
    public const string VersionMissing = "the JSON body has no '{0}' property";

    /// <summary>{0} reported, {1} expected.</summary>
    public const string VersionMismatch = "version is {0}, expected {1}";

    /// <summary>{0} message, {1} inner cause.</summary>
    public const string TransportError = "{0} ({1})";

    /// <summary>{0} URI, {1} attempt, {2} answer, {3} milliseconds, {4} version part, {5} verdict, {6} retry part.</summary>
    public const string Attempt = "GET {0} attempt {1}: {2} in {3:0} ms{4}: {5}{6}.";

    /// <summary>{0} status code.</summary>
    public const string AttemptAnswer = "HTTP {0}";

    public const string AttemptNoAnswer = "no answer";

    public const string AttemptHealthy = "healthy";

    /// <summary>{0} version.</summary>
    public const string AttemptVersion = ", version {0}";

    /// <summary>{0} seconds.</summary>
    public const string AttemptRetry = "; retrying in {0:0.0} s";

    public const string StabilityActivity = "Stability window";

    public const string StabilityNeedsClient = "Watching a deployment's status needs a Railway client.";

    /// <summary>{0} elapsed, {1} window, {2} status, {3} probes, {4} last probe.</summary>
    public const string StabilityProgress = "Watching {0:0} of {1:0} s: status {2}, {3} probe(s), last {4}";

    /// <summary>{0} why the subscription ended.</summary>
    public const string StabilityPolling = "The deployment subscription ended ({0}); polling its status instead.";

    /// <summary>{0} deployment, {1} status, {2} seconds, {3} window.</summary>
    public const string StabilityStatus = "Deployment {0} went live, then was {1} {2:0.0} s into the {3:0} s stability window.";

    /// <summary>{0} deployment, {1} seconds, {2} window.</summary>
    public const string StabilityStopped = "Deployment {0} went live, then its instances stopped {1:0.0} s into the {2:0} s stability window.";

    /// <summary>{0} URI, {1} why, {2} seconds, {3} window.</summary>
    public const string StabilityUnhealthy = "{0} answered healthy, then {1} (twice) {2:0.0} s into the {3:0} s stability window.";

    /// <summary>Formats a message; the user info of any URL in it is masked (a health URI may carry a password).</summary>
    public static string Format(string format, params object?[] arguments) =>
        Secrets.UrlRedaction.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, arguments));
}
