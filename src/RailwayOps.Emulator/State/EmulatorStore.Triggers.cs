namespace RailwayOps.Emulator.State;

// Deploy triggers: which branch of which repository deploys a service instance (environment.deploymentTriggers).
public sealed partial class EmulatorStore
{
    /// <summary>The environment's deploy triggers, oldest first.</summary>
    public IReadOnlyList<TriggerEntity> GetTriggers(string environmentId)
    {
        lock (_gate)
            return _triggers.Values.Where(t => t.EnvironmentId == environmentId)
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    private TriggerEntity? TriggerOf(string environmentId, string serviceId) =>
        _triggers.Values.Where(t => t.EnvironmentId == environmentId && t.ServiceId == serviceId)
            .OrderBy(t => t.CreatedAt).FirstOrDefault();

    private void PutTrigger(TriggerEntity trigger)
    {
        _persistence.Append(new JournalEntry { Trigger = trigger });
        _triggers[trigger.Id] = trigger;
    }

    /// <summary>State written before triggers existed: every instance of a service with a repository tracked
    /// its own branch, else the service's.</summary>
    private static IEnumerable<TriggerEntity> TriggersOfFormat1(StateDocument document)
    {
        var services = document.Services.ToDictionary(s => s.Id);
        var environments = document.Environments.ToDictionary(e => e.Id);
        foreach (var instance in document.Instances)
        {
            if (services.GetValueOrDefault(instance.ServiceId) is { Repo: { } repo } service
                && environments.GetValueOrDefault(instance.EnvironmentId) is { } environment
                && (instance.Branch ?? service.Branch) is { } branch)
            {
                yield return NewTrigger(environment.ProjectId, instance, repo, branch);
            }
        }
    }

    private TriggerEntity? LegacyTrigger(InstanceEntity instance) =>
        _services.GetValueOrDefault(instance.ServiceId) is { Repo: { } repo } service
        && _environments.GetValueOrDefault(instance.EnvironmentId) is { } environment
        && (instance.Branch ?? service.Branch) is { } branch
            ? NewTrigger(environment.ProjectId, instance, repo, branch)
            : null;

    // A derived trigger's id depends only on its instance, so deriving it twice (snapshot, then journal) is one trigger.
    private static TriggerEntity NewTrigger(string projectId, InstanceEntity instance, string repo, string branch) =>
        new("trigger-" + instance.EnvironmentId + "-" + instance.ServiceId, projectId, instance.EnvironmentId, instance.ServiceId,
            repo, branch, TriggerEntity.GitHubProvider, CheckSuites: false, instance.CreatedAt);
}
