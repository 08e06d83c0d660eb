using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// IEmulatorStore: what the deploy engine reads and changes.
public sealed partial class EmulatorStore
{
    /// <summary>The instances whose deploy trigger tracks <paramref name="branch"/> of <paramref name="repo"/>.</summary>
    public IReadOnlyList<ServiceInstanceRecord> ServiceInstancesTrackingRepo(string repo, string branch)
    {
        lock (_gate)
            return _triggers.Values
                .Where(t => string.Equals(t.Repository, repo, StringComparison.OrdinalIgnoreCase) && t.Branch == branch)
                .Select(t => _instances.GetValueOrDefault(InstanceEntity.InstanceKey(t.EnvironmentId, t.ServiceId)))
                .OfType<InstanceEntity>()
                .Select(ToRecord)
                .OfType<ServiceInstanceRecord>()
                .ToList();
    }

    public IReadOnlyList<ServiceInstanceRecord> AllServiceInstances()
    {
        lock (_gate)
            return _instances.Values.Select(ToRecord).OfType<ServiceInstanceRecord>().ToList();
    }

    public ServiceInstanceRecord? GetServiceInstance(string environmentId, string serviceId)
    {
        lock (_gate)
            return _instances.TryGetValue(InstanceEntity.InstanceKey(environmentId, serviceId), out var instance)
                ? ToRecord(instance) : null;
    }

    public IReadOnlyList<ServiceInstanceRecord> GetServiceInstances(string environmentId)
    {
        lock (_gate)
            return _instances.Values.Where(i => i.EnvironmentId == environmentId)
                .Select(ToRecord).OfType<ServiceInstanceRecord>()
                .OrderBy(r => r.ServiceName, StringComparer.Ordinal).ToList();
    }

    public EnvironmentRecord? GetEnvironment(string environmentId)
    {
        lock (_gate)
            return _environments.GetValueOrDefault(environmentId);
    }

    public IReadOnlyList<EnvironmentRecord> GetEnvironments(string projectId)
    {
        lock (_gate)
            return _environments.Values.Where(e => e.ProjectId == projectId)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public DeploymentRecord? GetDeployment(string deploymentId)
    {
        lock (_gate)
            return _deployments.Get(deploymentId)?.Record;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<DeploymentRecord> GetDeployments(string environmentId, string serviceId)
    {
        lock (_gate)
            return _deployments.InScope(DeploymentIndex.InstanceScope(environmentId, serviceId))
                .Reverse().Select(s => s.Record).ToList();
    }

    public DeploymentRecord CreateDeployment(string environmentId, string serviceId, DeploymentMetaInfo meta, DeployStatus initialStatus)
    {
        DeploymentRecord record;
        lock (_gate)
        {
            var instance = _instances.GetValueOrDefault(InstanceEntity.InstanceKey(environmentId, serviceId))
                ?? throw new EmulatorUserException("Service instance not found");
            var environment = _environments[instance.EnvironmentId];
            var now = Now;
            record = new DeploymentRecord(Guid.NewGuid().ToString(), environment.ProjectId, environmentId, serviceId,
                initialStatus, now, now, now, meta, DeploymentStopped: false, StaticUrl: null, Url: null);
            var entry = new DeploymentEntry(_nextSequence++, record);
            _persistence.Append(new JournalEntry { Deployment = entry });
            PutDeployment(entry);
        }
        DeploymentChanged?.Invoke(record);
        return record;
    }

    public DeploymentRecord SetStatus(string deploymentId, DeployStatus status, bool? deploymentStopped = null)
    {
        DeploymentRecord record;
        lock (_gate)
        {
            var slot = _deployments.Get(deploymentId) ?? throw new EmulatorUserException("Deployment not found");
            var now = Now;
            record = slot.Record with
            {
                Status = status,
                UpdatedAt = now,
                StatusUpdatedAt = status == slot.Record.Status ? slot.Record.StatusUpdatedAt : now,
                DeploymentStopped = deploymentStopped ?? slot.Record.DeploymentStopped,
            };
            var entry = new DeploymentEntry(slot.Sequence, record);
            _persistence.Append(new JournalEntry { Deployment = entry });
            slot.Record = record;
        }
        DeploymentChanged?.Invoke(record);
        return record;
    }

    public void SetProxyPort(string environmentId, string serviceId, int port)
    {
        lock (_gate)
        {
            var key = InstanceEntity.InstanceKey(environmentId, serviceId);
            var instance = _instances.GetValueOrDefault(key) ?? throw new EmulatorUserException("Service instance not found");
            var updated = instance with { ProxyPort = port };
            _persistence.Append(new JournalEntry { Instance = updated });
            _instances[key] = updated;
        }
    }

    public void AppendLog(string deploymentId, LogKind kind, LogRecord line)
    {
        lock (_gate)
        {
            if (_deployments.Get(deploymentId) is null)
                throw new EmulatorUserException("Deployment not found");
            var entry = new LogEntry(deploymentId, kind, line);
            _persistence.Append(new JournalEntry { Log = entry });
            AddLogLine(entry);
        }
        LogAppended?.Invoke(deploymentId, kind, line);
    }

    private ServiceInstanceRecord? ToRecord(InstanceEntity instance)
    {
        if (!_services.TryGetValue(instance.ServiceId, out var service)
            || !_environments.TryGetValue(instance.EnvironmentId, out var environment)
            || !_projects.TryGetValue(environment.ProjectId, out var project))
            return null;
        return new ServiceInstanceRecord(service.Id, service.Name, environment.Id, environment.Name, project.Id,
            project.Name, service.Repo, TriggerOf(instance.EnvironmentId, instance.ServiceId)?.Branch, instance.Settings, instance.ProxyPort,
            service.Image);
    }
}
