namespace RailwayOps;

/// <summary>One setting where the repository's config file and the live service settings differ.</summary>
public sealed class RailwayServiceConfigDifference
{
    public required string ProjectId { get; init; }

    public required string EnvironmentId { get; init; }

    public string? EnvironmentName { get; init; }

    public required string ServiceId { get; init; }

    public string? ServiceName { get; init; }

    /// <summary>The setting, named as Set-RailwayServiceInstance's parameter (HealthcheckPath, Replicas, ...).</summary>
    public required string Field { get; init; }

    /// <summary>What the file gives this environment (its environments.&lt;name&gt; block over the base).</summary>
    public object? InFile { get; init; }

    /// <summary>What the service's own settings say now.</summary>
    public object? Live { get; init; }

    /// <summary>The config file compared.</summary>
    public string? File { get; init; }

    public override string ToString() => $"{Field}: {InFile} (file) / {Live} (live)";
}

/// <summary>
/// What Compare-RailwayServiceConfig -PassThru writes: the file's values of the settings that differ, for one service
/// instance, under Set-RailwayServiceInstance's parameter names (null = not part of the change), so it binds by
/// property name.
/// </summary>
public sealed class RailwayServiceConfigPatch
{
    public required string ProjectId { get; init; }
    public required string EnvironmentId { get; init; }
    public required string ServiceId { get; init; }
    public string? ServiceName { get; init; }
    public string? EnvironmentName { get; init; }
    public string? BuildCommand { get; set; }
    public string[]? WatchPatterns { get; set; }
    public string? StartCommand { get; set; }
    public string? HealthcheckPath { get; set; }
    public int? HealthcheckTimeout { get; set; }
    public string? RestartPolicy { get; set; }
    public int? RestartPolicyMaxRetries { get; set; }
    public int? Replicas { get; set; }
    public string? Region { get; set; }
    public bool? SleepApplication { get; set; }
    public string? CronSchedule { get; set; }

    /// <summary>The fields this patch sets.</summary>
    public IReadOnlyList<string> Fields { get; set; } = [];

    public override string ToString() => $"{ServiceName ?? ServiceId} ({EnvironmentName ?? EnvironmentId}): {string.Join(", ", Fields)}";
}
