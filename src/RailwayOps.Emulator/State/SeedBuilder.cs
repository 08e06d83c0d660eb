using System.Security.Cryptography;
using System.Text;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

/// <summary>Turns a seed document into a first snapshot of the state.</summary>
public sealed class SeedBuilder
{
    private static readonly TimeSpan GeneratedSpacing = TimeSpan.FromMinutes(7);
    private readonly StateDocument _state = new();
    private readonly List<DeploymentEntry> _deployments = [];
    private readonly DateTimeOffset _now;
    private Dictionary<string, string> _environmentBranches = [];

    private SeedBuilder(DateTimeOffset now) => _now = now;

    public static StateDocument Build(SeedDocument seed, DateTimeOffset now)
    {
        var builder = new SeedBuilder(now);
        builder.Apply(seed);
        return builder._state;
    }

    private void Apply(SeedDocument seed)
    {
        var accountToken = seed.Tokens.FirstOrDefault(t => t.Kind == TokenEntity.Account);
        var userName = seed.Account?.Name ?? accountToken?.Name ?? "Emulator User";
        _state.Account = new AccountEntity(NewId(), userName, seed.Account?.Email ?? "user@emulator.local",
            NewId(), seed.Account?.Workspace ?? userName + "'s Projects", _now);
        _state.GitHubTokens = [.. seed.GitHubTokens];
        foreach (var project in seed.Projects)
            AddProject(project);
        foreach (var token in seed.Tokens)
            AddToken(token);
        // Creation order decides "newest first"; the seed may list deployments in any order.
        long sequence = 0;
        _state.Deployments = _deployments
            .OrderBy(d => d.Record.CreatedAt)
            .Select(d => d with { Sequence = ++sequence })
            .ToList();
        _state.NextSequence = sequence + 1;
    }

    private void AddToken(SeedToken token)
    {
        string? projectId = null, environmentId = null;
        if (token.Kind == TokenEntity.Project)
        {
            var project = _state.Projects.FirstOrDefault(p => p.Name == token.Project || p.Id == token.Project)
                ?? throw new InvalidDataException($"seed token names an unknown project '{token.Project}'");
            projectId = project.Id;
            var environment = _state.Environments.FirstOrDefault(e => e.ProjectId == project.Id &&
                    (e.Name == token.Environment || e.Id == token.Environment))
                ?? throw new InvalidDataException($"seed token names an unknown environment '{token.Environment}'");
            environmentId = environment.Id;
        }
        else if (token.Kind != TokenEntity.Account)
        {
            throw new InvalidDataException($"seed token kind must be 'account' or 'project', not '{token.Kind}'");
        }
        _state.Tokens.Add(new TokenEntity(NewId(), token.Kind, token.Value, token.Name ?? token.Kind + " token",
            projectId, environmentId, _now));
    }

    private void AddProject(SeedProject seed)
    {
        var project = new ProjectEntity(seed.Id ?? NewId(), seed.Name, seed.Description,
            _state.Account!.WorkspaceId, _now, _now);
        _state.Projects.Add(project);
        _environmentBranches = seed.Environments.Where(e => e.Branch is not null)
            .ToDictionary(e => e.Name, e => e.Branch!);
        var environments = seed.Environments.Select(e => new EnvironmentRecord(e.Id ?? NewId(), e.Name, project.Id,
            false, null, null, null, null, null, null, _now)).ToList();
        _state.Environments.AddRange(environments);
        foreach (var (environmentName, values) in seed.SharedVariables)
            _state.Variables.Add(new VariableScope(Find(environments, environmentName).Id, null, values));
        foreach (var service in seed.Services)
            AddService(project, environments, service);
    }

    private void AddService(ProjectEntity project, List<EnvironmentRecord> environments, SeedService seed)
    {
        var service = new ServiceEntity(seed.Id ?? NewId(), project.Id, seed.Name, seed.Repo, seed.Branch ?? "main", _now);
        _state.Services.Add(service);
        var settings = new ServiceSettingsRecord(seed.Settings?.BuildCommand, seed.Settings?.StartCommand,
            seed.Settings?.HealthcheckPath, seed.Settings?.HealthcheckTimeout,
            seed.Settings?.RestartPolicyType ?? "ON_FAILURE", seed.Settings?.RestartPolicyMaxRetries ?? 10,
            seed.Settings?.WatchPatterns ?? [], seed.Settings?.NumReplicas,
            seed.Settings?.Region ?? ServiceSettingsRecord.DefaultRegion);
        foreach (var named in (seed.Triggers ?? []).Keys)
            Find(environments, named);
        foreach (var environment in environments)
        {
            var instance = new InstanceEntity(environment.Id, service.Id, settings, null, _now);
            _state.Instances.Add(instance);
            if (TriggerBranch(seed, service, environment) is { } branch)
                _state.Triggers.Add(new TriggerEntity(NewId(), project.Id, environment.Id, service.Id, service.Repo!, branch,
                    TriggerEntity.GitHubProvider, CheckSuites: false, _now));
        }
        foreach (var (environmentName, values) in seed.Variables)
            _state.Variables.Add(new VariableScope(Find(environments, environmentName).Id, service.Id, values));

        var explicitDeployments = seed.Deployments;
        if (seed.GeneratedDeployments is { Count: > 0 } generated)
            AddGeneratedDeployments(project, service, Find(environments, generated.Environment), generated.Count,
                explicitDeployments.Count == 0, explicitDeployments.Select(d => d.CreatedAt ?? _now).DefaultIfEmpty(_now).Min());
        foreach (var deployment in explicitDeployments)
            AddDeployment(project, service, Find(environments, deployment.Environment), deployment);
    }

    /// <summary>The branch the instance's deploy trigger tracks: the service's <c>triggers</c> entry for the
    /// environment (null there: no trigger), else the environment's branch, else the service's. None without a repo.</summary>
    private string? TriggerBranch(SeedService seed, ServiceEntity service, EnvironmentRecord environment)
    {
        if (service.Repo is null)
            return null;
        if (seed.Triggers is { } triggers && triggers.TryGetValue(environment.Name, out var named))
            return named;
        return _environmentBranches.GetValueOrDefault(environment.Name) ?? service.Branch;
    }

    private void AddDeployment(ProjectEntity project, ServiceEntity service, EnvironmentRecord environment, SeedDeployment seed)
    {
        if (!Enum.TryParse<DeployStatus>(seed.Status, ignoreCase: false, out var status))
            throw new InvalidDataException($"seed deployment status '{seed.Status}' is not a Railway status");
        var createdAt = seed.CreatedAt ?? _now;
        var record = NewRecord(seed.Id ?? NewId(), project, service, environment, status, createdAt,
            new DeploymentMetaInfo(seed.CommitHash, seed.CommitMessage, seed.CommitAuthor, seed.Branch ?? service.Branch, service.Repo));
        _deployments.Add(new DeploymentEntry(0, record));
        AddLogs(record, LogKind.Build, seed.BuildLogs, createdAt);
        AddLogs(record, LogKind.Deploy, seed.DeployLogs, createdAt + TimeSpan.FromSeconds(seed.BuildLogs.Count + 1));
    }

    private void AddGeneratedDeployments(ProjectEntity project, ServiceEntity service, EnvironmentRecord environment,
        int count, bool newestIsLive, DateTimeOffset before)
    {
        for (var i = 0; i < count; i++)
        {
            var age = count - i;
            var status = i == count - 1 && newestIsLive ? DeployStatus.SUCCESS
                : i % 9 == 4 ? DeployStatus.FAILED : DeployStatus.REMOVED;
            var meta = new DeploymentMetaInfo(FakeCommit(service.Name, i), $"change {i + 1}", "Emulator Seed",
                service.Branch, service.Repo);
            var record = NewRecord(NewId(), project, service, environment, status, before - GeneratedSpacing * age, meta);
            _deployments.Add(new DeploymentEntry(0, record));
        }
    }

    private void AddLogs(DeploymentRecord record, LogKind kind, List<string> lines, DateTimeOffset start)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var severity = LooksLikeError(lines[i]) ? "error" : "info";
            _state.Logs.Add(new LogEntry(record.Id, kind, new LogRecord(start + TimeSpan.FromMilliseconds(250 * i), lines[i], severity)));
        }
    }

    private static bool LooksLikeError(string line) =>
        line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("failed", StringComparison.OrdinalIgnoreCase)
        || line.Contains("Traceback", StringComparison.Ordinal);

    private static DeploymentRecord NewRecord(string id, ProjectEntity project, ServiceEntity service,
        EnvironmentRecord environment, DeployStatus status, DateTimeOffset createdAt, DeploymentMetaInfo meta) =>
        new(id, project.Id, environment.Id, service.Id, status, createdAt, createdAt, createdAt, meta,
            DeploymentStopped: status is DeployStatus.REMOVED or DeployStatus.FAILED or DeployStatus.SKIPPED or DeployStatus.CRASHED,
            StaticUrl: null, Url: null);

    private static EnvironmentRecord Find(List<EnvironmentRecord> environments, string name) =>
        environments.FirstOrDefault(e => e.Name == name || e.Id == name)
        ?? throw new InvalidDataException($"seed names an unknown environment '{name}'");

    private static string FakeCommit(string serviceName, int index) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{serviceName}:{index}")));

    private static string NewId() => Guid.NewGuid().ToString();
}
