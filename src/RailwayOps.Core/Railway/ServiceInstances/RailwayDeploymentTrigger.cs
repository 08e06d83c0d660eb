namespace RailwayOps;

/// <summary>
/// A deploy trigger (Railway's <c>DeploymentTrigger</c>): a push of <see cref="Branch"/> to
/// <see cref="Repository"/> deploys the service <see cref="ServiceId"/> in the environment.
/// </summary>
public sealed class RailwayDeploymentTrigger
{
    public required string TriggerId { get; init; }

    public required string EnvironmentId { get; init; }

    /// <summary>Null for a trigger that is not tied to one service.</summary>
    public string? ServiceId { get; init; }

    public required string Branch { get; init; }

    /// <summary>The repository as Railway names it, "owner/name".</summary>
    public required string Repository { get; init; }

    public string? Provider { get; init; }

    public override string ToString() => $"{Repository}@{Branch}";
}

/// <summary>
/// An environment with the deploy triggers of its service instances, and each instance's healthcheckPath
/// (by service id; null when the service sets none), read in the same request.
/// </summary>
public sealed record RailwayEnvironmentTriggers(RailwayEnvironment Environment, IReadOnlyList<RailwayDeploymentTrigger> Triggers)
{
    public IReadOnlyDictionary<string, string?> HealthcheckPaths { get; init; } = new Dictionary<string, string?>();
}

/// <summary>The settings of a service instance that the release loop reads from Railway.</summary>
public sealed record RailwayServiceInstanceSettings(string EnvironmentId, string ServiceId, string? HealthcheckPath, int? HealthcheckTimeout, string? SourceRepo);
