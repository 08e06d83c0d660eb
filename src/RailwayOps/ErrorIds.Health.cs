namespace RailwayOps;

public static partial class ErrorIds
{
    // Test-RailwayHealth.
    public const string HealthCheckFailed = "HealthCheckFailed";
    public const string HealthVersionMismatch = "HealthVersionMismatch";
    public const string HealthTargetRequired = "RailwayHealthTargetRequired";
    public const string HealthNoDomain = "RailwayHealthNoDomain";
    public const string InvalidHealthUri = "RailwayInvalidHealthUri";
    public const string HealthUnstable = "HealthUnstable";
}
