namespace RailwayOps;

internal static partial class CmdletText
{
    public const string HealthTargetRequired = "Test-RailwayHealth needs -Uri, or a service and an environment (the {0} is missing): pass -{0}, set RAILWAY_{1}_ID, link the folder with 'railway link', or pipe a service or deployment.";
    public const string HealthPathFrom = "Health path {0} from {1}.";
    public const string HealthPathDefault = "the default (no railway.toml or railway.json sets deploy.healthcheckPath)";
    public const string HealthPathParameter = "-HealthPath";
    public const string HealthProbing = "Probing {0} for up to {1} s{2}.";
    public const string HealthExpecting = ", expecting version {0} in '{1}'";
    public const string HealthFailed = "{0} is not healthy after {1} attempt(s) within {2} s: {3}.";
    public const string HealthVersionMismatch = "{0} reports version {1}, expected {2} (property '{3}'), after {4} attempt(s) within {5} s.";
    public const string RecommendedHealthFailed = "Check the deploy logs: {0}";
    public const string HealthLogsForTarget = "Get-RailwayDeploymentLog -Project {0} -Environment {1} -Service {2} -Type Deploy -Tail 200";
    public const string HealthLogsForContext = "Get-RailwayDeploymentLog -Type Deploy -Tail 200";
    public const string HealthPathChosen = "Health path {0}.";
    public const string HealthWatching = "Healthy; watching {0} for {1} s.";
    public const string RecommendedHealthVersion = "Wait for the new deployment first: Wait-RailwayDeployment -CommitSha <sha>";
}
