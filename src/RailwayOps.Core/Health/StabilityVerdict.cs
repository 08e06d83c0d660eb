namespace RailwayOps;

/// <summary>How a deployment held up in the stability window after it went live.</summary>
public sealed class StabilityVerdict
{
    /// <summary>Nothing went wrong for the whole window.</summary>
    public required bool Stable { get; init; }

    public required TimeSpan Window { get; init; }

    /// <summary>How long it was watched: the window when stable, else until the failure was seen.</summary>
    public TimeSpan Watched { get; init; }

    /// <summary>The deployment whose status was watched; null when only a health URL was.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The deployment's last status seen.</summary>
    public DeploymentStatus? Status { get; init; }

    /// <summary>Every status seen in the window, in order (a crash and restart shows as CRASHED then SUCCESS).</summary>
    public IReadOnlyList<DeploymentStatus> StatusHistory { get; init; } = Array.Empty<DeploymentStatus>();

    public Uri? HealthUri { get; init; }

    /// <summary>Health probes made in the window.</summary>
    public int Probes { get; init; }

    public HealthCheckResult? LastHealth { get; init; }

    /// <summary>What went wrong and when; null when stable.</summary>
    public string? Reason { get; init; }

    public override string ToString() => Stable
        ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "stable for {0:0} s", Window.TotalSeconds)
        : Reason ?? "unstable";
}
