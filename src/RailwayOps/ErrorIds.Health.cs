namespace RailwayOps;

public static partial class ErrorIds
{
    // Test-RailwayHealth.
    public const string HealthCheckFailed = "RailwayHealthCheckFailed";
    public const string HealthVersionMismatch = "RailwayHealthVersionMismatch";
    public const string HealthTargetRequired = "RailwayHealthTargetRequired";
    public const string HealthNoDomain = "RailwayHealthNoDomain";
    public const string InvalidHealthUri = "RailwayInvalidHealthUri";
    public const string HealthUnstable = "RailwayHealthUnstable";
}
