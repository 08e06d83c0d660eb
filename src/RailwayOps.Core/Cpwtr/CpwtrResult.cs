using RailwayOps.Core.Cpwtr;
using RailwayOps.Core.Health;

namespace RailwayOps;

/// <summary>
/// The outcome of one release-loop run: what was shipped where, each stage, and on failure which stage
/// failed, why, the log tail and the command to run next.
/// </summary>
public sealed class CpwtrResult
{
    public string? Version { get; init; }

    public string? PreviousVersion { get; init; }

    /// <summary>The SHA of the commit that was (or was to be) deployed.</summary>
    public string? Commit { get; init; }

    public string? Branch { get; init; }

    public string? Environment { get; init; }

    public string? EnvironmentId { get; init; }

    public string? Service { get; init; }

    public string? ServiceId { get; init; }

    public string? ProjectId { get; init; }

    public string? DeploymentId { get; init; }

    /// <summary>The service's public URL in the environment (the health check adds the health path).</summary>
    public Uri? Url { get; init; }

    public HealthCheckResult? Health { get; init; }

    public required IReadOnlyList<CpwtrStage> Stages { get; init; }

    public bool Succeeded { get; init; }

    public CpwtrStageName? FailedStage { get; init; }

    public CpwtrFailureKind? FailureKind { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<RailwayLogLine> BuildLogTail { get; init; } = Array.Empty<RailwayLogLine>();

    public IReadOnlyList<RailwayLogLine> DeployLogTail { get; init; } = Array.Empty<RailwayLogLine>();

    /// <summary>What to run next after a failure; null on success.</summary>
    public string? NextCommand { get; init; }

    public TimeSpan Duration { get; init; }

    public override string ToString() => Succeeded
        ? $"v{Version} live in {Environment}"
        : $"{FailedStage} failed: {Reason}";
}
