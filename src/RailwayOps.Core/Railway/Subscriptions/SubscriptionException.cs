namespace RailwayOps.Core.Railway.Subscriptions;

/// <summary>
/// A graphql-transport-ws subscription failed. Callers treat every kind as "use HTTP instead": the
/// HTTP transport then reports the real problem (a refused token, an unknown id) with its own error.
/// </summary>
public sealed class SubscriptionException : Exception
{
    public SubscriptionException(SubscriptionFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public SubscriptionFailureKind Kind { get; }
}
