using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// Service instance settings: serviceInstanceUpdate and environmentPatchCommit change them (journalled).
public sealed partial class EmulatorStore
{
    /// <summary>Applies <paramref name="change"/> to the instance's settings in one journalled change; the old and
    /// the new settings.</summary>
    public (ServiceSettingsRecord Old, ServiceSettingsRecord New) UpdateSettings(string environmentId, string serviceId,
        Func<ServiceSettingsRecord, ServiceSettingsRecord> change)
    {
        lock (_gate)
        {
            var key = InstanceEntity.InstanceKey(environmentId, serviceId);
            var instance = _instances.GetValueOrDefault(key) ?? throw new EmulatorUserException("ServiceInstance not found");
            var settings = change(instance.Settings);
            if (settings == instance.Settings || (settings with { WatchPatterns = instance.Settings.WatchPatterns } == instance.Settings
                    && settings.WatchPatterns.SequenceEqual(instance.Settings.WatchPatterns)))
                return (instance.Settings, instance.Settings);
            var updated = instance with { Settings = settings };
            _persistence.Append(new JournalEntry { Instance = updated });
            _instances[key] = updated;
            return (instance.Settings, settings);
        }
    }
}
