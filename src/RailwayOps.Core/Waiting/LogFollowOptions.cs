namespace RailwayOps.Core.Waiting;

/// <summary>What <see cref="DeploymentLogFollower"/> streams.</summary>
public sealed record LogFollowOptions
{
    /// <summary>How many existing lines to start with (Railway's limit); null uses the CLI's 500.</summary>
    public int? Tail { get; init; }

    /// <summary>Railway's filter syntax, passed through.</summary>
    public string? Filter { get; init; }

    /// <summary>Lines older than this are not written.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Lines newer than this are not written.</summary>
    public DateTimeOffset? Until { get; init; }

    public bool UseSubscription { get; init; } = true;

    /// <summary>The longest pause between two polls when the WebSocket is unavailable.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(5);
}
