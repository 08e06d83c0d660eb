using System.Collections.Concurrent;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

/// <summary>One service of a template as templateDeployV2 creates it: its name, image, variables (generators
/// already expanded) and the mount path of its volume, if any.</summary>
public sealed record TemplateServicePlan(string Name, string? Image, IReadOnlyDictionary<string, string> Variables,
    string? VolumeMountPath);

/// <summary>What a templateDeployV2 started: the services it created and their first deployments, or why it could not.
/// Kept in memory only (a workflow id from before an emulator restart answers NotFound, as an expired one does on Railway).</summary>
public sealed record WorkflowEntry(string Id, IReadOnlyList<string> ServiceIds, IReadOnlyList<string> DeploymentIds, string? Error);

// Services made from a template (templateDeployV2): an image service, its instance in one environment, its volume and
// its variables, journalled like everything else (variable values sealed with the state folder's key).
public sealed partial class EmulatorStore
{
    private readonly ConcurrentDictionary<string, WorkflowEntry> _workflows = new(StringComparer.Ordinal);

    public WorkflowEntry? GetWorkflow(string workflowId) => _workflows.GetValueOrDefault(workflowId);

    public void PutWorkflow(WorkflowEntry workflow) => _workflows[workflow.Id] = workflow;

    /// <summary>Creates the service (named <see cref="TemplateServicePlan.Name"/>, or that name with a suffix when the
    /// project already has a service of that name), its instance in <paramref name="environmentId"/> with Railway's
    /// default settings, its volume and its variables. Returns the new service.</summary>
    public ServiceEntity CreateTemplateService(string projectId, string environmentId, TemplateServicePlan plan)
    {
        lock (_gate)
        {
            if (!_projects.ContainsKey(projectId))
                throw new EmulatorUserException("Project not found");
            if (!_environments.TryGetValue(environmentId, out var environment) || environment.ProjectId != projectId)
                throw new EmulatorUserException("Environment not found");
            var name = plan.Name.Trim();
            if (name.Length == 0)
                throw new EmulatorUserException("A template service needs a name");
            var taken = _services.Values.Where(s => s.ProjectId == projectId).Select(s => s.Name)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            // Railway gives a second "Postgres" of a project a suffixed name rather than refusing it.
            while (taken.Contains(name))
                name = plan.Name.Trim() + "-" + RandomSuffix();
            var now = Now;
            var service = new ServiceEntity(Guid.NewGuid().ToString(), projectId, name, Repo: null, Branch: null, now, plan.Image);
            _persistence.Append(new JournalEntry { Service = service });
            _services[service.Id] = service;
            var settings = new ServiceSettingsRecord(null, null, null, null, "ON_FAILURE", 10, [],
                Region: ServiceSettingsRecord.DefaultRegion);
            var instance = new InstanceEntity(environmentId, service.Id, settings, null, now);
            _persistence.Append(new JournalEntry { Instance = instance });
            _instances[instance.Key] = instance;
            if (plan.VolumeMountPath is { } mountPath)
            {
                var volume = new VolumeEntity(Guid.NewGuid().ToString(), Slug(name) + "-volume", projectId, environmentId,
                    service.Id, mountPath, now);
                _persistence.Append(new JournalEntry { Volume = volume });
                _volumes[volume.Id] = volume;
            }
            if (plan.Variables.Count > 0)
            {
                var scope = new VariableScope(environmentId, service.Id,
                    new SortedDictionary<string, string>(plan.Variables.ToDictionary(), StringComparer.Ordinal));
                _persistence.Append(new JournalEntry { Variables = scope });
                PutVariables(scope);
            }
            return service;
        }
    }

    private static string RandomSuffix()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(4, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
