namespace RailwayOps;

/// <summary>Classification and wire names of <see cref="DeploymentStatus"/>.</summary>
public static class DeploymentStatusInfo
{
    private static readonly IReadOnlyDictionary<string, DeploymentStatus> ByWireName =
        Enum.GetValues<DeploymentStatus>().ToDictionary(ToWireName, status => status, StringComparer.OrdinalIgnoreCase);

    public static DeploymentStatusClass Classify(this DeploymentStatus status) => status switch
    {
        DeploymentStatus.Success => DeploymentStatusClass.Succeeded,
        DeploymentStatus.Failed or DeploymentStatus.Crashed => DeploymentStatusClass.Failed,
        DeploymentStatus.Removed or DeploymentStatus.Skipped => DeploymentStatusClass.NotDeployed,
        DeploymentStatus.NeedsApproval => DeploymentStatusClass.Blocked,
        DeploymentStatus.Sleeping => DeploymentStatusClass.Idle,
        _ => DeploymentStatusClass.InProgress,
    };

    /// <summary>
    /// True when waiting longer will not change the status by itself. NeedsApproval and Sleeping
    /// count as terminal so that a wait ends with their own outcome instead of hanging.
    /// </summary>
    public static bool IsTerminal(this DeploymentStatus status) => status.Classify() != DeploymentStatusClass.InProgress;

    /// <summary>The schema's name, e.g. NEEDS_APPROVAL.</summary>
    public static string ToWireName(this DeploymentStatus status) => status switch
    {
        DeploymentStatus.NeedsApproval => "NEEDS_APPROVAL",
        _ => status.ToString().ToUpperInvariant(),
    };

    public static bool TryParseWireName(string? value, out DeploymentStatus status)
    {
        if (value is not null && ByWireName.TryGetValue(value, out status))
        {
            return true;
        }

        status = default;
        return false;
    }
}
