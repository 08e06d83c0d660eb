using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Tests;

/// <summary>An in-memory IEmulatorStore for engine tests: one project with a production environment
/// and a "web" service connected to a repo. It records every status each deployment went through.</summary>
public sealed class EngineTestStore : IEmulatorStore
{
    public const string ProjectId = "project-demo";
    public const string ProjectName = "demo";
    public const string ProductionId = "env-production";
    public const string ServiceId = "service-web";
    public const string GitHubToken = "test-github-token";

    private readonly object _lock = new();
    private readonly Dictionary<string, EnvironmentRecord> _environments = [];
    private readonly Dictionary<(string, string), ServiceInstanceRecord> _instances = [];
    private readonly Dictionary<string, DeploymentRecord> _deployments = [];
    private readonly Dictionary<string, List<DeployStatus>> _history = [];
    private readonly Dictionary<string, List<(LogKind Kind, LogRecord Line)>> _logs = [];
    private readonly Dictionary<(string, string), Dictionary<string, string>> _variables = [];
    private int _sequence;

    public EngineTestStore(string repo, ServiceSettingsRecord? settings = null)
    {
        Repo = repo;
        _environments[ProductionId] = new EnvironmentRecord(ProductionId, "production", ProjectId, false, null, null,
            null, null, null, null, DateTimeOffset.UtcNow);
        _instances[(ProductionId, ServiceId)] = new ServiceInstanceRecord(ServiceId, "web", ProductionId, "production",
            ProjectId, ProjectName, repo, "main", settings ?? DefaultSettings, null);
    }

    public static ServiceSettingsRecord DefaultSettings { get; } =
        new(null, null, null, null, "ON_FAILURE", 10, []);

    public string Repo { get; }

    public event Action<DeploymentRecord>? DeploymentChanged;
    public event Action<string, LogKind, LogRecord>? LogAppended;

    public IReadOnlyList<DeployStatus> History(string deploymentId)
    {
        lock (_lock)
        {
            return _history.TryGetValue(deploymentId, out var history) ? [.. history] : [];
        }
    }

    public IReadOnlyList<string> Logs(string deploymentId, LogKind kind)
    {
        lock (_lock)
        {
            return _logs.TryGetValue(deploymentId, out var lines)
                ? lines.Where(l => l.Kind == kind).Select(l => l.Line.Message).ToList()
                : [];
        }
    }

    public IReadOnlyList<LogRecord> LogRecords(string deploymentId, LogKind kind)
    {
        lock (_lock)
        {
            return _logs.TryGetValue(deploymentId, out var lines)
                ? lines.Where(l => l.Kind == kind).Select(l => l.Line).ToList()
                : [];
        }
    }

    public void SetVariables(string environmentId, string serviceId, IReadOnlyDictionary<string, string> variables)
    {
        lock (_lock)
        {
            if (!_variables.TryGetValue((environmentId, serviceId), out var existing))
            {
                _variables[(environmentId, serviceId)] = existing = [];
            }
            foreach (var (name, value) in variables)
            {
                existing[name] = value;
            }
        }
    }

    public IReadOnlyList<ServiceInstanceRecord> ServiceInstancesTrackingRepo(string repo, string branch)
    {
        lock (_lock)
        {
            return _instances.Values.Where(i => i.Repo == repo && i.Branch == branch).ToList();
        }
    }

    public IReadOnlyList<ServiceInstanceRecord> AllServiceInstances()
    {
        lock (_lock)
        {
            return [.. _instances.Values];
        }
    }

    public bool IsGitHubTokenValid(string token) => token == GitHubToken;

    public ServiceInstanceRecord? GetServiceInstance(string environmentId, string serviceId)
    {
        lock (_lock)
        {
            return _instances.GetValueOrDefault((environmentId, serviceId));
        }
    }

    public IReadOnlyList<ServiceInstanceRecord> GetServiceInstances(string environmentId)
    {
        lock (_lock)
        {
            return _instances.Values.Where(i => i.EnvironmentId == environmentId).ToList();
        }
    }

    public EnvironmentRecord? GetEnvironment(string environmentId)
    {
        lock (_lock)
        {
            return _environments.GetValueOrDefault(environmentId);
        }
    }

    public IReadOnlyList<EnvironmentRecord> GetEnvironments(string projectId)
    {
        lock (_lock)
        {
            return _environments.Values.Where(e => e.ProjectId == projectId).ToList();
        }
    }

    public DeploymentRecord? GetDeployment(string deploymentId)
    {
        lock (_lock)
        {
            return _deployments.GetValueOrDefault(deploymentId);
        }
    }

    /// <summary>Newest first, as the real store returns them.</summary>
    public IReadOnlyList<DeploymentRecord> GetDeployments(string environmentId, string serviceId)
    {
        lock (_lock)
        {
            return _deployments.Values.Where(d => d.EnvironmentId == environmentId && d.ServiceId == serviceId)
                .OrderByDescending(d => d.CreatedAt).ToList();
        }
    }

    public DeploymentRecord CreateDeployment(string environmentId, string serviceId, DeploymentMetaInfo meta,
        DeployStatus initialStatus)
    {
        DeploymentRecord record;
        lock (_lock)
        {
            var environment = _environments.GetValueOrDefault(environmentId)
                ?? throw new EmulatorUserException("Environment not found");
            // Strictly increasing creation times keep "newest first" stable within one clock tick.
            var created = DateTimeOffset.UtcNow.AddTicks(++_sequence);
            record = new DeploymentRecord($"dep-{_sequence:D4}-{Guid.NewGuid():N}"[..24], environment.ProjectId,
                environmentId, serviceId, initialStatus, created, created, created, meta, false, null, null);
            _deployments[record.Id] = record;
            _history[record.Id] = [initialStatus];
        }
        DeploymentChanged?.Invoke(record);
        return record;
    }

    public DeploymentRecord SetStatus(string deploymentId, DeployStatus status, bool? deploymentStopped = null)
    {
        DeploymentRecord record;
        lock (_lock)
        {
            var current = _deployments.GetValueOrDefault(deploymentId) ?? throw new EmulatorUserException("Deployment not found");
            record = current with
            {
                Status = status,
                UpdatedAt = DateTimeOffset.UtcNow,
                DeploymentStopped = deploymentStopped ?? current.DeploymentStopped,
            };
            _deployments[deploymentId] = record;
            if (_history[deploymentId][^1] != status)
            {
                _history[deploymentId].Add(status);
            }
        }
        DeploymentChanged?.Invoke(record);
        return record;
    }

    public void SetProxyPort(string environmentId, string serviceId, int port)
    {
        lock (_lock)
        {
            _instances[(environmentId, serviceId)] = _instances[(environmentId, serviceId)] with { ProxyPort = port };
        }
    }

    public void AppendLog(string deploymentId, LogKind kind, LogRecord line)
    {
        lock (_lock)
        {
            if (!_deployments.ContainsKey(deploymentId))
            {
                throw new EmulatorUserException("Deployment not found");
            }
            if (!_logs.TryGetValue(deploymentId, out var lines))
            {
                _logs[deploymentId] = lines = [];
            }
            lines.Add((kind, line));
        }
        LogAppended?.Invoke(deploymentId, kind, line);
    }

    /// <summary>A service's variables; this store has no shared ones.</summary>
    public IReadOnlyDictionary<string, string> GetVariables(string environmentId, string? serviceId)
    {
        lock (_lock)
        {
            return serviceId is not null && _variables.TryGetValue((environmentId, serviceId), out var variables)
                ? new Dictionary<string, string>(variables)
                : new Dictionary<string, string>();
        }
    }

    public EnvironmentRecord CreatePullRequestEnvironment(string projectId, string sourceEnvironmentId, string name,
        int prNumber, string prTitle, string prRepo, string branch, string baseBranch)
    {
        lock (_lock)
        {
            var environment = new EnvironmentRecord($"env-{name}", name, projectId, true, sourceEnvironmentId, prNumber,
                prTitle, prRepo, branch, baseBranch, DateTimeOffset.UtcNow);
            _environments[environment.Id] = environment;
            foreach (var source in _instances.Values.Where(i => i.EnvironmentId == sourceEnvironmentId).ToList())
            {
                _instances[(environment.Id, source.ServiceId)] = source with
                {
                    EnvironmentId = environment.Id,
                    EnvironmentName = name,
                    Branch = branch,
                    ProxyPort = null,
                };
                if (_variables.TryGetValue((sourceEnvironmentId, source.ServiceId), out var variables))
                {
                    _variables[(environment.Id, source.ServiceId)] = new Dictionary<string, string>(variables);
                }
            }
            return environment;
        }
    }

    public void DeleteEnvironment(string environmentId)
    {
        lock (_lock)
        {
            _environments.Remove(environmentId);
            foreach (var key in _instances.Keys.Where(k => k.Item1 == environmentId).ToList())
            {
                _instances.Remove(key);
            }
            foreach (var id in _deployments.Values.Where(d => d.EnvironmentId == environmentId).Select(d => d.Id).ToList())
            {
                _deployments.Remove(id);
            }
        }
    }
}
