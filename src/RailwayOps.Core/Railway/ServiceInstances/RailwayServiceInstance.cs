namespace RailwayOps;

/// <summary>
/// The settings of one service in one environment (Railway's <c>ServiceInstance</c>): how it is built, started,
/// health-checked, restarted and scaled, and where its source comes from. The property names are the parameters
/// of Set-RailwayServiceInstance, so a piped instance binds by property name.
/// </summary>
public sealed class RailwayServiceInstance
{
    public required string ProjectId { get; init; }

    public string? ProjectName { get; init; }

    public required string EnvironmentId { get; init; }

    public string? EnvironmentName { get; init; }

    public required string ServiceId { get; init; }

    public string? ServiceName { get; init; }

    /// <summary>Railway's Builder enum as it is sent: RAILPACK, NIXPACKS, HEROKU, PAKETO.</summary>
    public string? Builder { get; init; }

    public string? BuildCommand { get; init; }

    public string? RootDirectory { get; init; }

    /// <summary>The config file path the service reads (railwayConfigFile); null = railway.toml / railway.json.</summary>
    public string? ConfigFile { get; init; }

    public string? StartCommand { get; init; }

    public string? HealthcheckPath { get; init; }

    /// <summary>Seconds; null = Railway's default (300).</summary>
    public int? HealthcheckTimeout { get; init; }

    /// <summary>ON_FAILURE, ALWAYS or NEVER, as Railway's RestartPolicyType names them.</summary>
    public string? RestartPolicy { get; init; }

    public int? RestartPolicyMaxRetries { get; init; }

    /// <summary>Replicas (numReplicas; across regions when the service runs in several).</summary>
    public int? Replicas { get; init; }

    public string? Region { get; init; }

    public IReadOnlyList<string> WatchPatterns { get; init; } = [];

    public bool? SleepApplication { get; init; }

    public string? CronSchedule { get; init; }

    /// <summary>"owner/name" of a GitHub-connected service; null for an upload or image service.</summary>
    public string? SourceRepo { get; init; }

    public string? SourceImage { get; init; }

    public string? LatestDeploymentId { get; init; }

    public string? LatestDeploymentStatus { get; init; }

    public override string ToString() => $"{ServiceName ?? ServiceId} ({EnvironmentName ?? EnvironmentId})";
}

/// <summary>
/// A change to a service instance's settings: each property that is not null is set, the others are left as they
/// are. <see cref="Replicas"/> goes through Railway's environment patch (multiRegionConfig of the instance's region,
/// as Railway's CLI scales), the others through serviceInstanceUpdate.
/// </summary>
public sealed record RailwayServiceInstanceChange
{
    public string? BuildCommand { get; init; }
    public string? StartCommand { get; init; }
    public string? HealthcheckPath { get; init; }
    public int? HealthcheckTimeout { get; init; }
    public string? RestartPolicy { get; init; }
    public int? RestartPolicyMaxRetries { get; init; }
    public int? Replicas { get; init; }
    public string? Region { get; init; }
    public IReadOnlyList<string>? WatchPatterns { get; init; }
    public bool? SleepApplication { get; init; }
    public string? CronSchedule { get; init; }
    public string? ConfigFile { get; init; }
}
