namespace RailwayOps;

public static partial class ErrorIds
{
    // Service instances (settings, replicas) and config files.
    public const string ServiceInstanceTargetRequired = "RailwayServiceInstanceTargetRequired";
    public const string InvalidServiceSetting = "RailwayInvalidServiceSetting";
    public const string ServiceSettingNotApplied = "RailwayServiceSettingNotApplied";
    public const string ServiceInstanceNoDeployment = "RailwayServiceInstanceNoDeployment";
    public const string ConfigFileNotFound = "RailwayConfigFileNotFound";
    public const string InvalidConfigFile = "RailwayInvalidConfigFile";

    // Volumes.
    public const string InvalidVolumeMountPath = "RailwayInvalidVolumeMountPath";
    public const string VolumeExists = "RailwayVolumeExists";
    public const string VolumeNotApplied = "RailwayVolumeNotApplied";

    // Metrics.
    public const string MetricWindowInvalid = "RailwayMetricWindowInvalid";
}
