namespace RailwayOps;

/// <summary>A volume mounted into a service in one environment (Railway's Volume with its VolumeInstance there).</summary>
public sealed class RailwayVolume
{
    public required string VolumeId { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    public required string EnvironmentId { get; init; }

    public string? EnvironmentName { get; init; }

    /// <summary>Null for a volume that is not attached to a service.</summary>
    public string? ServiceId { get; init; }

    public string? ServiceName { get; init; }

    public required string MountPath { get; init; }

    public double? CurrentSizeMB { get; init; }

    public int? SizeMB { get; init; }

    /// <summary>Railway's VolumeState as sent (READY, MIGRATING, ...).</summary>
    public string? State { get; init; }

    public string? VolumeInstanceId { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public override string ToString() => $"{Name} ({MountPath})";
}
