using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// Reads for the GraphQL and admin sides: each returns immutable values taken under the lock.
public sealed partial class EmulatorStore
{
    /// <summary>The caller for the headers sent, or null when no header names a known token.</summary>
    public Caller? Authenticate(string? bearerToken, string? projectAccessToken)
    {
        lock (_gate)
        {
            TokenEntity? token = null;
            if (!string.IsNullOrEmpty(projectAccessToken))
                token = _tokens.FirstOrDefault(t => t.Kind == TokenEntity.Project && t.Value == projectAccessToken);
            else if (!string.IsNullOrEmpty(bearerToken))
                token = _tokens.FirstOrDefault(t => t.Kind == TokenEntity.Account && t.Value == bearerToken);
            return token is null ? null : new Caller(token);
        }
    }

    public bool IsGitHubTokenValid(string token)
    {
        lock (_gate)
            return _gitHubTokens.Contains(token);
    }

    public AccountEntity Account
    {
        get { lock (_gate) return _account; }
    }

    public IReadOnlyList<ProjectEntity> GetProjects()
    {
        lock (_gate)
            return _projects.Values.OrderBy(p => p.CreatedAt).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    public ProjectEntity? GetProject(string projectId)
    {
        lock (_gate)
            return _projects.GetValueOrDefault(projectId);
    }

    public IReadOnlyList<ServiceEntity> GetServices(string projectId)
    {
        lock (_gate)
            return _services.Values.Where(s => s.ProjectId == projectId).OrderBy(s => s.CreatedAt)
                .ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    public ServiceEntity? GetService(string serviceId)
    {
        lock (_gate)
            return _services.GetValueOrDefault(serviceId);
    }

    public InstanceEntity? GetInstance(string environmentId, string serviceId)
    {
        lock (_gate)
            return _instances.GetValueOrDefault(InstanceEntity.InstanceKey(environmentId, serviceId));
    }

    public IReadOnlyList<LogRecord> GetLogs(string deploymentId, LogKind kind)
    {
        lock (_gate)
            return _logs.TryGetValue((deploymentId, kind), out var lines) ? lines.ToArray() : [];
    }

    public DeploymentPage QueryDeployments(DeploymentQuery query)
    {
        lock (_gate)
            return _deployments.Page(query.Scope, query.Matches, query.First, query.After, query.Last, query.Before);
    }

    /// <summary>The newest deployment of an instance whose status satisfies the predicate.</summary>
    public DeploymentRecord? NewestDeployment(string environmentId, string serviceId, Func<DeploymentRecord, bool> match)
    {
        lock (_gate)
            return _deployments.Newest(DeploymentIndex.InstanceScope(environmentId, serviceId), match)?.Record;
    }

    public long? SequenceOf(string deploymentId)
    {
        lock (_gate)
            return _deployments.Get(deploymentId)?.Sequence;
    }

    /// <summary>A copy of the whole state for the admin dump; variable values are replaced.</summary>
    public StateDocument Dump()
    {
        lock (_gate)
        {
            var document = ToDocument();
            document.Tokens = document.Tokens.Select(t => t with { Value = Redacted }).ToList();
            document.GitHubTokens = document.GitHubTokens.Select(_ => Redacted).ToList();
            document.Variables = document.Variables
                .Select(v => v with { Values = v.Values.ToDictionary(p => p.Key, _ => Redacted) }).ToList();
            return document;
        }
    }

    private const string Redacted = "***";
}

/// <summary>A deployments(input) query: the narrowest scope its ids allow, plus filters.</summary>
public sealed record DeploymentQuery(string Scope, Func<DeploymentRecord, bool> Matches,
    int? First, long? After, int? Last, long? Before);
