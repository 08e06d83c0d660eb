namespace RailwayOps.Core.CiRunner;

/// <summary>The text RailwayOps writes to a CI runner's log and job summary.</summary>
internal static class CiMessages
{
    public const string ReleaseSucceededHeading = "✅ {0}: v{1} is live in {2}";
    public const string ReleaseAlreadyLiveHeading = "✅ {0}: v{1} was already live in {2}; nothing was shipped";
    public const string ReleaseNothingDeployedHeading = "⚠️ {0}: nothing was deployed to {1} (Railway skipped the deployment)";
    public const string Stability = "Stability";
    public const string Rollback = "Rollback";
    public const string Deployments = "Deployments";
    public const string ReleaseFailedHeading = "❌ {0}: the {1} stage failed";
    public const string ReleaseFailedTitle = "{0}: {1} failed";
    public const string WaitSucceededHeading = "✅ {0}: {1} is {2}";
    public const string WaitFailedHeading = "❌ {0}: {1} ended {2}";
    public const string WaitFailedTitle = "{0}: deployment {1}";
    public const string BuildLogTail = "Build log of {0} (last {1} lines)";
    public const string DeployLogTail = "Deploy log of {0} (last {1} lines)";
    public const string NextCommand = "Next:";
    public const string Version = "Version";
    public const string VersionChange = "{0} → {1}";
    public const string Commit = "Commit";
    public const string Branch = "Branch";
    public const string Environment = "Environment";
    public const string Service = "Service";
    public const string Deployment = "Deployment";
    public const string Status = "Status";
    public const string Url = "URL";
    public const string Health = "Health";
    public const string HealthHealthy = "healthy at {0} (HTTP {1}, version {2}, {3} attempts)";
    public const string HealthUnhealthy = "not healthy at {0} (HTTP {1}, version {2}, {3} attempts)";
    public const string Duration = "Duration";
    public const string Reason = "Reason";
    public const string Stage = "Stage";
    public const string Outcome = "Outcome";
    public const string Detail = "Detail";
}
