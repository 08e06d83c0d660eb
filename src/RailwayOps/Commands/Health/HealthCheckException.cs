using RailwayOps.Core.Health;

namespace RailwayOps.Commands;

/// <summary>The error Test-RailwayHealth writes for an unhealthy result; the result rides along for scripts.</summary>
public sealed class HealthCheckException : Exception
{
    public HealthCheckException(string message, HealthCheckResult result)
        : base(message)
    {
        Result = result;
    }

    public HealthCheckResult Result { get; }
}
