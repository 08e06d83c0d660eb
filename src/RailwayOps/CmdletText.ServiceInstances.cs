namespace RailwayOps;

internal static partial class CmdletText
{
    public const string ServiceInstanceTargetRequired = "{0} works on one service in one environment, and nothing says {1} here: pass {1}, set {2}, link the folder with 'railway link', or run Connect-Railway once for the session.";
    public const string RecommendedServiceInstanceTarget = "See what the token can use: Get-RailwayService (services), Get-RailwayEnvironment (environments).";
    public const string InvalidReplicas = "-Replicas must be at least 1 (it was {0}); to stop a service use Stop-RailwayDeployment. Nothing was changed.";
    public const string InvalidRestartPolicy = "-RestartPolicy '{0}' is not one of ON_FAILURE, ALWAYS, NEVER. Nothing was changed.";
    public const string InvalidNonNegative = "-{0} must not be negative (it was {1}). Nothing was changed.";
    public const string InvalidHealthcheckPath = "-HealthcheckPath '{0}' must start with '/'. Nothing was changed.";
    public const string NoSettingsGiven = "No setting to change was given: pass one of -Replicas, -StartCommand, -HealthcheckPath, -RestartPolicy, ...";
    public const string ServiceInstanceUnchanged = "{0}: every given setting already has that value; nothing was sent.";
    public const string ServiceInstanceAction = "Change {0}";
    /// <summary>{0} where ("service web in demo/production"), {1} the failure's own message.</summary>
    public const string FailedAt = "{0}: {1}";
    /// <summary>{0} service, {1} project, {2} environment.</summary>
    public const string PlaceService = "service {0} in {1}/{2}";
    /// <summary>{0} environment, {1} project.</summary>
    public const string PlaceEnvironment = "environment {0} of project {1}";
    public const string ServiceInstanceAndDeploy = ", then redeploy and wait";
    public const string ServiceInstanceRedeployOnly = "Redeploy with the current settings and wait";
    public const string ServiceSettingChange = "{0}: {1} -> {2}";
    public const string ServiceSettingNotApplied = "Railway accepted the change but {0} reads back as {1}, not {2}.";
    public const string ServiceInstanceNoDeployment = "{0} has no deployment to roll the change out with; push a commit or run Deploy-RailwayService first.";
    public const string ServiceInstanceDeploying = "Redeploying {0} ({1}) with the new settings";
    public const string ServiceInstanceUpdated = "Updated {0}: {1}";
    public const string UnsetValue = "(not set)";
    public const string ConfigFileNotFound = "No railway.toml or railway.json in '{0}'; pass -Path to the file.";
    public const string InvalidConfigFile = "'{0}' is not a valid config file: {1}";
    public const string InvalidVolumeMountPath = "-MountPath '{0}' must be an absolute path inside the container (such as /data), without '..'. Nothing was created.";
    public const string VolumeExists = "{0} in {1} already has volume {2} at {3}; a service holds one volume. Nothing was created.";
    public const string NewVolumeAction = "Create a volume mounted at {0} (Railway redeploys the service)";
    public const string VolumeNotApplied = "Railway answered volume {0} but {1} does not list it.";
    public const string RemoveVolumeAction = "Delete the volume and all its data";
    public const string VolumeRemoved = "Deleted volume {0}.";
    public const string VolumeNotFound = "Railway has no volume {0} ({1}); nothing was deleted. Get-RailwayVolume -Environment <name> -Service <name> lists a service's volume.";
    public const string MetricWindowInvalid = "-Since {0} is not a window Get-RailwayMetric asks for: it must be more than zero and at most {1} days. Nothing was read.";
    public const string MetricSampleRateInvalid = "-SampleRateSec must be at least 1 (it was {0}). Nothing was read.";
    public const string MetricTooManySamples = "-Since {0} at -SampleRateSec {1} asks for more than {2} samples per series; pass a larger -SampleRateSec or a shorter -Since. Nothing was read.";
    public const string MetricsRead = "Read {0} sample(s) of {1} over {2}.";
    public const string ConfigKeyNotCompared = "{1} sets {0}, which Compare-RailwayServiceConfig does not compare.";
    public const string ConfigCompared = "Compared {0} with {1}: {2} difference(s).";
}
