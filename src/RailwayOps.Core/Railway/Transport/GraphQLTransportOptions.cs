using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Resilience;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>How a transport talks to one Railway endpoint.</summary>
public sealed record GraphQLTransportOptions
{
    public required Uri Endpoint { get; init; }

    public RailwayCredential? Credential { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(RailwayContext.DefaultHttpTimeoutSeconds);

    public IRailwayEventSink Events { get; init; } = NullEventSink.Instance;

    public RetryOptions Retry { get; init; } = new();

    /// <summary>Drives Polly's retry delays; tests substitute one that records delays instead of waiting.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public RequestCounter Counter { get; init; } = new();

    public Redactor Redactor { get; init; } = Redactor.Global;

    /// <summary>The caller's deadline (a cmdlet's -TimeoutSec): every attempt, retry pause and subscription handshake is cut to it.</summary>
    public Deadline Deadline { get; init; } = Deadline.None;

    public static GraphQLTransportOptions FromContext(RailwayContext context, IRailwayEventSink? events = null, Deadline? deadline = null) => new()
    {
        Deadline = deadline ?? Deadline.None,
        Endpoint = context.Endpoint.Value,
        Credential = context.Credential,
        Timeout = context.HttpTimeout.Value,
        Events = events ?? NullEventSink.Instance,
    };
}
