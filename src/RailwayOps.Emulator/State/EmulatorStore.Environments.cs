using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// Pull-request environments: created and deleted by the engine's GitHub side.
public sealed partial class EmulatorStore
{
    public EnvironmentRecord CreatePullRequestEnvironment(string projectId, string sourceEnvironmentId, string name,
        int prNumber, string prTitle, string prRepo, string branch, string baseBranch)
    {
        lock (_gate)
        {
            if (!_environments.ContainsKey(sourceEnvironmentId))
                throw new EmulatorUserException("Environment not found");
            var now = Now;
            var environment = new EnvironmentRecord(Guid.NewGuid().ToString(), name, projectId, IsEphemeral: true,
                sourceEnvironmentId, prNumber, prTitle, prRepo, branch, baseBranch, now);
            _persistence.Append(new JournalEntry { Environment = environment });
            _environments[environment.Id] = environment;
            foreach (var source in _instances.Values.Where(i => i.EnvironmentId == sourceEnvironmentId).ToList())
            {
                var copy = new InstanceEntity(environment.Id, source.ServiceId, source.Settings, null, now);
                _persistence.Append(new JournalEntry { Instance = copy });
                _instances[copy.Key] = copy;
                // The PR environment deploys the pull request's head branch from the repository the source tracks.
                if (TriggerOf(sourceEnvironmentId, source.ServiceId) is { } sourceTrigger)
                    PutTrigger(sourceTrigger with { Id = Guid.NewGuid().ToString(), EnvironmentId = environment.Id, Branch = branch, CreatedAt = now });
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
        foreach (var slot in _deployments.InScope(DeploymentIndex.EnvironmentScope(environmentId)))
        {
            _logs.Remove((slot.Record.Id, LogKind.Build));
            _logs.Remove((slot.Record.Id, LogKind.Deploy));
        }
        _deployments.RemoveEnvironment(environmentId);
    }
}
