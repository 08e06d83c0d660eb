using System.Text.RegularExpressions;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// Environments: created (empty, or forked from a source environment: services, settings, deploy
// triggers and variables), renamed and deleted, by the GraphQL mutations and by the GitHub side.
public sealed partial class EmulatorStore
{
    /// <summary>The emulator's rule for an environment name (Railway does not publish one): 1-64 letters,
    /// digits, '-' or '_', starting with a letter or digit.</summary>
    private static readonly Regex EnvironmentName = new("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);

    public EnvironmentRecord CreatePullRequestEnvironment(string projectId, string sourceEnvironmentId, string name,
        int prNumber, string prTitle, string prRepo, string branch, string baseBranch) =>
        CreateEnvironment(projectId, name, sourceEnvironmentId, ephemeral: true,
            new PullRequestOrigin(prNumber, prTitle, prRepo, branch, baseBranch));

    /// <summary>environmentCreate: a new environment of the project, forked from <paramref name="sourceEnvironmentId"/>
    /// when one is given (its service instances with their settings, its deploy triggers and its variables).</summary>
    public EnvironmentRecord CreateEnvironment(string projectId, string name, string? sourceEnvironmentId, bool ephemeral,
        PullRequestOrigin? pullRequest = null)
    {
        lock (_gate)
        {
            if (!_projects.ContainsKey(projectId))
                throw new EmulatorUserException("Project not found");
            // Railway names a pull request's environment itself; the rule is for names a user gives.
            if (pullRequest is null)
                CheckName(projectId, name, exceptId: null);
            if (sourceEnvironmentId is not null)
            {
                if (!_environments.TryGetValue(sourceEnvironmentId, out var sourceEnvironment))
                    throw new EmulatorUserException("Environment not found");
                if (sourceEnvironment.ProjectId != projectId)
                    throw new EmulatorUserException("Source environment belongs to another project");
            }
            var now = Now;
            var environment = new EnvironmentRecord(Guid.NewGuid().ToString(), name, projectId, ephemeral,
                sourceEnvironmentId, pullRequest?.Number, pullRequest?.Title, pullRequest?.Repo, pullRequest?.Branch,
                pullRequest?.BaseBranch, now);
            _persistence.Append(new JournalEntry { Environment = environment });
            _environments[environment.Id] = environment;
            if (sourceEnvironmentId is null)
                return environment;
            foreach (var source in _instances.Values.Where(i => i.EnvironmentId == sourceEnvironmentId).ToList())
            {
                var copy = new InstanceEntity(environment.Id, source.ServiceId, source.Settings, null, now);
                _persistence.Append(new JournalEntry { Instance = copy });
                _instances[copy.Key] = copy;
                // A PR environment deploys the pull request's head branch from the repository the source tracks;
                // a fork tracks what its source tracks.
                if (TriggerOf(sourceEnvironmentId, source.ServiceId) is { } sourceTrigger)
                    PutTrigger(sourceTrigger with
                    {
                        Id = Guid.NewGuid().ToString(),
                        EnvironmentId = environment.Id,
                        Branch = pullRequest?.Branch ?? sourceTrigger.Branch,
                        CreatedAt = now,
                    });
            }
            // A database service of the source gets its own, empty volume in the fork (so its own server and data):
            // Railway copies configuration into a new environment, not data, and a staging or pull-request
            // environment must not hold production's rows.
            foreach (var volume in _volumes.Values.Where(v => v.EnvironmentId == sourceEnvironmentId && v.ServiceId is { } id
                && _services.GetValueOrDefault(id)?.Image is not null).ToList())
            {
                var copy = volume with { Id = Guid.NewGuid().ToString(), EnvironmentId = environment.Id, CreatedAt = now };
                _persistence.Append(new JournalEntry { Volume = copy });
                _volumes[copy.Id] = copy;
            }
            foreach (var scope in _variables.Values.Where(v => v.EnvironmentId == sourceEnvironmentId).ToList())
            {
                var copy = scope with { EnvironmentId = environment.Id };
                _persistence.Append(new JournalEntry { Variables = copy });
                PutVariables(copy);
            }
            return environment;
        }
    }

    /// <summary>environmentRename; the same name rule and uniqueness as a new environment.</summary>
    public EnvironmentRecord RenameEnvironment(string environmentId, string name)
    {
        lock (_gate)
        {
            if (!_environments.TryGetValue(environmentId, out var environment))
                throw new EmulatorUserException("Environment not found");
            if (environment.Name == name)
                return environment;
            CheckName(environment.ProjectId, name, exceptId: environmentId);
            var renamed = environment with { Name = name };
            _persistence.Append(new JournalEntry { Environment = renamed });
            _environments[environmentId] = renamed;
            return renamed;
        }
    }

    private void CheckName(string projectId, string name, string? exceptId)
    {
        if (!EnvironmentName.IsMatch(name))
            throw new EmulatorUserException($"Invalid environment name '{name}': use 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        if (_environments.Values.Any(e => e.ProjectId == projectId && e.Id != exceptId && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new EmulatorUserException($"An environment named '{name}' already exists in this project");
    }

    public void DeleteEnvironment(string environmentId)
    {
        lock (_gate)
        {
            if (!_environments.ContainsKey(environmentId))
                return;
            _persistence.Append(new JournalEntry { DeletedEnvironmentId = environmentId });
            RemoveEnvironment(environmentId);
        }
    }

    private void RemoveEnvironment(string environmentId)
    {
        _environments.Remove(environmentId);
        foreach (var key in _instances.Values.Where(i => i.EnvironmentId == environmentId).Select(i => i.Key).ToList())
            _instances.Remove(key);
        foreach (var id in _triggers.Values.Where(t => t.EnvironmentId == environmentId).Select(t => t.Id).ToList())
            _triggers.Remove(id);
        foreach (var key in _variables.Values.Where(v => v.EnvironmentId == environmentId).Select(v => v.Key).ToList())
            _variables.Remove(key);
        foreach (var id in _domains.Values.Where(d => d.EnvironmentId == environmentId).Select(d => d.Id).ToList())
            _domains.Remove(id);
        // The engine deletes their folders before the environment goes (IDeploymentEngine.EnvironmentDeletedAsync).
        foreach (var id in _volumes.Values.Where(v => v.EnvironmentId == environmentId).Select(v => v.Id).ToList())
            _volumes.Remove(id);
        foreach (var slot in _deployments.InScope(DeploymentIndex.EnvironmentScope(environmentId)))
        {
            _logs.Remove((slot.Record.Id, LogKind.Build));
            _logs.Remove((slot.Record.Id, LogKind.Deploy));
        }
        _deployments.RemoveEnvironment(environmentId);
    }
}

/// <summary>What a pull-request environment records of its pull request.</summary>
public sealed record PullRequestOrigin(int Number, string Title, string Repo, string Branch, string BaseBranch);
