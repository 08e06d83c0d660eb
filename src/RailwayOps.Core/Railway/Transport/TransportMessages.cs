namespace RailwayOps.Core.Railway.Transport;

/// <summary>User-facing text of the deadline, the header builder and the numeric guards. No entry ever receives a secret.</summary>
public static class TransportMessages
{
    /// <summary>{0} operation, {1} deadline ("5 s"), {2} endpoint.</summary>
    public const string DeadlinePassed = "The {1} deadline passed before Railway at {2} answered operation {0}.";

    /// <summary>{0} operation, {1} deadline, {2} endpoint, {3} the last attempt's error.</summary>
    public const string DeadlinePassedAfter = "The {1} deadline passed before Railway at {2} answered operation {0}; the last attempt failed: {3}";

    /// <summary>{0} operation, {1} deadline, {2} seconds the retry would have waited, {3} the error.</summary>
    public const string RetryBeyondDeadline = "Operation {0} failed ({3}); a retry in {2:0.0} s would start after the {1} deadline, so none is made.";

    /// <summary>{0} the wait Railway asked for ("49.7 days"), already capped at what a client can wait.</summary>
    public const string RateLimitedLong = "Railway is rate limiting requests (HTTP 429) and asks to wait {0} before the next one; no retry is made.";

    /// <summary>{0} the token's description ("the token from RAILWAY_API_TOKEN"), {1} what is wrong, {2} 1-based position.</summary>
    public const string UnsafeToken = "Refusing to send {0}: it contains {1} (character {2}), which cannot travel in an HTTP header; nothing was sent. A token is printable ASCII: check for a pasted line break or a file read whole.";

    public const string UnsafeTokenLineBreak = "a line break (CR or LF)";

    public const string UnsafeTokenControl = "a control character";

    public const string UnsafeTokenNonAscii = "a non-ASCII character";

    public const string UnsafeTokenSpace = "a space";
}
