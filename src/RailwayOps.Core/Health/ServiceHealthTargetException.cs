namespace RailwayOps.Core.Health;

/// <summary>A service has no public domain in the environment, so there is nothing to probe.</summary>
public sealed class ServiceHealthTargetException : Exception
{
    public ServiceHealthTargetException(string service, string environment)
        : base(HealthMessages.Format(ServiceHealthTargetMessages.NoDomain, service, environment))
    {
        Service = service;
        Environment = environment;
    }

    public string Service { get; }

    public string Environment { get; }
}

/// <summary>The text of health-target resolution (HealthMessages belongs to the probe).</summary>
internal static class ServiceHealthTargetMessages
{
    /// <summary>{0} service, {1} environment.</summary>
    public const string NoDomain = "Service {0} has no public domain in environment {1}; make one with New-RailwayDomain -Environment {1} -Service {0}, or pass -Uri.";
}
