namespace RailwayOps.Core.Railway.Subscriptions;

/// <summary>User-facing text of the subscription client. No entry ever receives a token.</summary>
internal static class SubscriptionMessages
{
    public const string Connecting = "WebSocket {0} subscribing to {1}.";
    public const string Unavailable = "The Railway WebSocket at {0} is unavailable: {1}";
    public const string HandshakeTimeout = "The Railway WebSocket at {0} did not acknowledge the connection within {1} seconds.";
    public const string Closed = "The Railway WebSocket closed ({0} {1}).";
    public const string Rejected = "Railway rejected subscription {0}: {1}";
    public const string Dropped = "The Railway WebSocket connection broke: {0}";
    public const string UnexpectedMessage = "The Railway WebSocket sent an unexpected message type '{0}'.";
}
