namespace RailwayOps.Commands;

/// <summary>The error Wait-RailwayDeployment -StableSec writes for a deployment that went live and did not stay up; the verdict rides along.</summary>
public sealed class DeploymentUnstableException : Exception
{
    public DeploymentUnstableException(StabilityVerdict verdict)
        : base(verdict?.Reason ?? verdict?.ToString())
    {
        Verdict = verdict ?? throw new ArgumentNullException(nameof(verdict));
    }

    public StabilityVerdict Verdict { get; }
}
