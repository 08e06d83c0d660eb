using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

/// <summary>
/// The emulator's state: in memory behind one lock, every change journalled before it becomes
/// visible. Events are raised after the lock is released so that listeners may read the store.
/// </summary>
public sealed partial class EmulatorStore : IEmulatorStore, IDisposable
{
    /// <summary>Log lines kept per deployment and kind; older ones are dropped (Railway also bounds retention).</summary>
    public const int MaxLogLinesPerStream = 10_000;

    private readonly object _gate = new();
    private readonly StatePersistence _persistence;
    private readonly TimeProvider _clock;

    private AccountEntity _account = new("", "", "", "", "", DateTimeOffset.MinValue);
    private List<TokenEntity> _tokens = [];
    private HashSet<string> _gitHubTokens = [];
    private Dictionary<string, ProjectEntity> _projects = [];
    private Dictionary<string, ServiceEntity> _services = [];
    private Dictionary<string, EnvironmentRecord> _environments = [];
    private Dictionary<string, InstanceEntity> _instances = [];
    private Dictionary<string, TriggerEntity> _triggers = [];
    private DeploymentIndex _deployments = new();
    private Dictionary<string, VariableScope> _variables = [];
    private Dictionary<(string DeploymentId, LogKind Kind), List<LogRecord>> _logs = [];
    private Dictionary<string, DomainEntity> _domains = [];
    private long _nextSequence = 1;

    public event Action<DeploymentRecord>? DeploymentChanged;
    public event Action<string, LogKind, LogRecord>? LogAppended;

    public EmulatorStore(string stateDirectory, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _persistence = new StatePersistence(stateDirectory);
    }

    /// <summary>Restores the folder's state, or applies the seed when the folder holds none.
    /// Returns true when existing state was restored.</summary>
    public bool Open(Func<SeedDocument?> seed)
    {
        lock (_gate)
        {
            if (_persistence.HasState)
            {
                var snapshot = _persistence.LoadSnapshot() ?? new StateDocument();
                Load(snapshot);
                foreach (var entry in _persistence.ReadJournal())
                    Replay(entry, legacyFormat: snapshot.FormatVersion < 2);
                // Folding the journal into a fresh snapshot keeps restarts fast and the journal short.
                _persistence.WriteSnapshot(ToDocument());
                return true;
            }
            var document = seed() is { } seedDocument ? SeedBuilder.Build(seedDocument, Now) : new StateDocument();
            Load(document);
            _persistence.WriteSnapshot(document);
            return false;
        }
    }

    /// <summary>Checks a seed and turns it into a state, without touching the current one.</summary>
    public StateDocument BuildSeed(SeedDocument seed) => SeedBuilder.Build(seed, Now);

    /// <summary>Replaces the whole state with one built by <see cref="BuildSeed"/>.</summary>
    public void Replace(StateDocument document)
    {
        lock (_gate)
        {
            Load(document);
            _persistence.WriteSnapshot(document);
        }
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private void Load(StateDocument document)
    {
        _account = document.Account ?? new AccountEntity(Guid.NewGuid().ToString(), "Emulator User",
            "user@emulator.local", Guid.NewGuid().ToString(), "Emulator", Now);
        _tokens = [.. document.Tokens];
        _gitHubTokens = [.. document.GitHubTokens];
        _projects = document.Projects.ToDictionary(p => p.Id);
        _services = document.Services.ToDictionary(s => s.Id);
        _environments = document.Environments.ToDictionary(e => e.Id);
        _instances = document.Instances.ToDictionary(i => i.Key);
        _volumes = document.Volumes.ToDictionary(v => v.Id);
        _triggers = (document.FormatVersion < 2 ? TriggersOfFormat1(document) : document.Triggers).ToDictionary(t => t.Id);
        _deployments = new DeploymentIndex();
        foreach (var entry in document.Deployments)
            _deployments.Add(new DeploymentSlot(entry.Sequence, entry.Record));
        _variables = document.Variables.ToDictionary(v => v.Key);
        _domains = document.Domains.ToDictionary(d => d.Id);
        _logs = [];
        foreach (var log in document.Logs)
            AddLogLine(log);
        _nextSequence = Math.Max(document.NextSequence,
            document.Deployments.Count == 0 ? 1 : document.Deployments.Max(d => d.Sequence) + 1);
    }

    private StateDocument ToDocument() => new()
    {
        NextSequence = _nextSequence,
        Account = _account,
        Tokens = [.. _tokens],
        GitHubTokens = [.. _gitHubTokens],
        Projects = [.. _projects.Values],
        Services = [.. _services.Values],
        Environments = [.. _environments.Values],
        Instances = [.. _instances.Values],
        Triggers = [.. _triggers.Values],
        Deployments = _deployments.All.OrderBy(s => s.Sequence).Select(s => new DeploymentEntry(s.Sequence, s.Record)).ToList(),
        Variables = [.. _variables.Values],
        Domains = [.. _domains.Values],
        Volumes = [.. _volumes.Values],
        Logs = _logs.SelectMany(p => p.Value.Select(line => new LogEntry(p.Key.DeploymentId, p.Key.Kind, line))).ToList(),
    };

    private void Replay(JournalEntry entry, bool legacyFormat)
    {
        if (entry.Environment is { } environment)
            _environments[environment.Id] = environment;
        else if (entry.DeletedEnvironmentId is { } deleted)
            RemoveEnvironment(deleted);
        else if (entry.Instance is { } instance)
        {
            _instances[instance.Key] = instance;
            if (legacyFormat && LegacyTrigger(instance) is { } derived)
                _triggers[derived.Id] = derived;
        }
        else if (entry.Trigger is { } trigger)
            _triggers[trigger.Id] = trigger;
        else if (entry.Deployment is { } deployment)
            PutDeployment(deployment);
        else if (entry.Log is { } log)
            AddLogLine(log);
        else if (entry.Variables is { } variables)
            PutVariables(variables);
        else if (entry.Domain is { } domain)
            _domains[domain.Id] = domain;
        else if (entry.Project is { } project)
            _projects[project.Id] = project;
        else if (entry.DeletedDomainId is { } deletedDomain)
            _domains.Remove(deletedDomain);
        else if (entry.Volume is { } volume)
            _volumes[volume.Id] = volume;
        else if (entry.DeletedVolumeId is { } deletedVolume)
            _volumes.Remove(deletedVolume);
        else if (entry.Service is { } service)
            _services[service.Id] = service;
    }

    private void PutDeployment(DeploymentEntry entry)
    {
        if (_deployments.Get(entry.Record.Id) is { } slot)
            slot.Record = entry.Record;
        else
            _deployments.Add(new DeploymentSlot(entry.Sequence, entry.Record));
        _nextSequence = Math.Max(_nextSequence, entry.Sequence + 1);
    }

    private void PutVariables(VariableScope scope)
    {
        if (scope.Values.Count == 0)
            _variables.Remove(scope.Key);
        else
            _variables[scope.Key] = scope;
    }

    private void AddLogLine(LogEntry entry)
    {
        var key = (entry.DeploymentId, entry.Kind);
        if (!_logs.TryGetValue(key, out var lines))
            _logs[key] = lines = [];
        lines.Add(entry.Line);
        if (lines.Count > MaxLogLinesPerStream)
            lines.RemoveRange(0, lines.Count - MaxLogLinesPerStream);
    }

    public void Dispose()
    {
        lock (_gate)
            _persistence.Dispose();
    }
}
