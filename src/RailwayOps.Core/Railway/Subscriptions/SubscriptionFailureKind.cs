namespace RailwayOps.Core.Railway.Subscriptions;

/// <summary>Why a subscription ended without its server completing it.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum SubscriptionFailureKind
{
    /// <summary>The WebSocket could not be opened: connection refused, upgrade refused, wrong subprotocol.</summary>
    Unavailable,

    /// <summary>The server did not acknowledge connection_init in time.</summary>
    HandshakeTimeout,

    /// <summary>The server closed the connection or sent an error for the subscription.</summary>
    Rejected,

    /// <summary>The connection broke after the subscription had started.</summary>
    Dropped,
}
