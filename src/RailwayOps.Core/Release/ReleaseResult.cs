using RailwayOps.Core.Release;
using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;

namespace RailwayOps;

/// <summary>
/// The outcome of one release-loop run: what was shipped where, each stage, and on failure which stage
/// failed, why, the log tail and the command to run next.
/// </summary>
public sealed class ReleaseResult
{
    /// <summary>What the run amounted to: released, resumed, already live, nothing deployed, failed or declined.</summary>
    public ReleaseRunOutcome Outcome { get; init; }

    /// <summary>The version the repository holds for this release at the end of the run (after a failed commit, the restored one).</summary>
    public string? Version { get; init; }

    public string? PreviousVersion { get; init; }

    /// <summary>The SHA of the commit that was (or was to be) deployed.</summary>
    public string? Commit { get; init; }

    public string? Branch { get; init; }
    /// <summary>How the release reached Railway: Repository (a push Railway deployed) or Upload (the release commit's tree).</summary>
    public ReleaseSource Source { get; init; }
    /// <summary>This run uploaded the tree (false when it waited for an earlier run's upload, or shipped by push).</summary>
    public bool Uploaded { get; init; }

    public string? Environment { get; init; }

    public string? EnvironmentId { get; init; }

    public string? Service { get; init; }

    public string? ServiceId { get; init; }

    public string? ProjectId { get; init; }

    public string? DeploymentId { get; init; }

    /// <summary>The service's public URL in the environment (the health check adds the health path).</summary>
    public Uri? Url { get; init; }

    public HealthCheckResult? Health { get; init; }

    /// <summary>The health path tested, and where it came from (-HealthPath, Railway's healthcheckPath, a config file or the default).</summary>
    public string? HealthPath { get; init; }

    public HealthPathSource? HealthPathSource { get; init; }

    /// <summary>How the live deployment held up in the stability window; null when the window was 0 or not reached.</summary>
    public StabilityVerdict? Stability { get; init; }

    /// <summary>Every deployment of the pushed commit that was waited for: the named service's first, then the others the push made.</summary>
    public IReadOnlyList<ReleaseDeployment> Deployments { get; init; } = Array.Empty<ReleaseDeployment>();

    /// <summary>The rollback -RollbackOnFailure made; null when none was attempted.</summary>
    public ReleaseRollback? Rollback { get; init; }

    public required IReadOnlyList<ReleaseStage> Stages { get; init; }

    public bool Succeeded { get; init; }

    public ReleaseStageName? FailedStage { get; init; }

    public ReleaseFailureKind? FailureKind { get; init; }

    public string? Reason { get; init; }

    /// <summary>For <see cref="ReleaseFailureKind.RailwayRequestFailed"/>: what kind of Railway failure it was.</summary>
    public RailwayApiErrorKind? RailwayErrorKind { get; init; }

    public IReadOnlyList<RailwayLogLine> BuildLogTail { get; init; } = Array.Empty<RailwayLogLine>();

    public IReadOnlyList<RailwayLogLine> DeployLogTail { get; init; } = Array.Empty<RailwayLogLine>();

    /// <summary>What to run next after a failure; null on success.</summary>
    public string? NextCommand { get; init; }

    public TimeSpan Duration { get; init; }

    public override string ToString() => Outcome switch
    {
        ReleaseRunOutcome.AlreadyLive => $"v{Version} already live in {Environment} (nothing shipped)",
        ReleaseRunOutcome.NothingDeployed => $"nothing deployed to {Environment} (Railway skipped the deployment)",
        ReleaseRunOutcome.Declined => "declined",
        _ when Succeeded => $"v{Version} live in {Environment}",
        _ => $"{FailedStage} failed: {Reason}",
    };
}
