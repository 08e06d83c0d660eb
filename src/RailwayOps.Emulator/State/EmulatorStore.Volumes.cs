using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

/// <summary>A volume and its one instance: a folder under the state directory (volumes/&lt;id&gt;) mounted into one
/// service in one environment. Processes run on the host, so the folder's path is what they get as
/// RAILWAY_VOLUME_MOUNT_PATH; <paramref name="MountPath"/> is the path Railway would mount it at.</summary>
public sealed record VolumeEntity(string Id, string Name, string ProjectId, string EnvironmentId, string? ServiceId,
    string MountPath, DateTimeOffset CreatedAt)
{
    public string InstanceId => "volume-instance-" + Id;
}

// Volumes: volumeCreate / volumeDelete and the volumes an environment holds.
public sealed partial class EmulatorStore
{
    private Dictionary<string, VolumeEntity> _volumes = [];

    public IReadOnlyList<VolumeEntity> GetVolumes(string environmentId)
    {
        lock (_gate)
            return _volumes.Values.Where(v => v.EnvironmentId == environmentId).OrderBy(v => v.CreatedAt).ToList();
    }

    public VolumeEntity? GetVolume(string volumeId)
    {
        lock (_gate)
            return _volumes.GetValueOrDefault(volumeId);
    }

    public VolumeMount? GetVolumeMount(string environmentId, string serviceId) =>
        VolumeOf(environmentId, serviceId) is { } volume ? new VolumeMount(volume.Id, volume.Name, volume.MountPath) : null;

    public IReadOnlyList<VolumeMount> GetVolumeMounts(string environmentId) =>
        GetVolumes(environmentId).Select(v => new VolumeMount(v.Id, v.Name, v.MountPath)).ToList();

    public VolumeEntity? VolumeOf(string environmentId, string serviceId)
    {
        lock (_gate)
            return _volumes.Values.FirstOrDefault(v => v.EnvironmentId == environmentId && v.ServiceId == serviceId);
    }

    /// <summary>A new volume attached to the service; a service holds at most one (as on Railway).</summary>
    public VolumeEntity CreateVolume(string projectId, string environmentId, string? serviceId, string mountPath)
    {
        lock (_gate)
        {
            if (serviceId is not null && _volumes.Values.Any(v => v.EnvironmentId == environmentId && v.ServiceId == serviceId))
                throw new EmulatorUserException("Service already has a volume attached");
            var service = serviceId is null ? null : _services.GetValueOrDefault(serviceId);
            var name = (service?.Name ?? "volume") + "-volume-" + (_volumes.Count + 1);
            var volume = new VolumeEntity(Guid.NewGuid().ToString(), name, projectId, environmentId, serviceId, mountPath, Now);
            _persistence.Append(new JournalEntry { Volume = volume });
            _volumes[volume.Id] = volume;
            return volume;
        }
    }

    public bool DeleteVolume(string volumeId)
    {
        lock (_gate)
        {
            if (!_volumes.ContainsKey(volumeId))
                return false;
            _persistence.Append(new JournalEntry { DeletedVolumeId = volumeId });
            _volumes.Remove(volumeId);
            return true;
        }
    }
}
