namespace RailwayOps.Core.Railway;

/// <summary>Arguments of buildLogs / deploymentLogs.</summary>
public sealed record LogQuery
{
    public int? Limit { get; init; }

    /// <summary>Railway's filter syntax, e.g. "@level:error".</summary>
    public string? Filter { get; init; }

    public DateTimeOffset? StartDate { get; init; }

    public DateTimeOffset? EndDate { get; init; }
}
