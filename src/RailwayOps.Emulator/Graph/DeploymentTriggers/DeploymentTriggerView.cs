using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

/// <summary>A repository trigger: pushes to <see cref="Branch"/> of <see cref="Repository"/> deploy the
/// service (the GitHub-facing side of the graph; the GitHub REST API itself is GitHub/).</summary>
public sealed class DeploymentTriggerView(TriggerEntity trigger)
{
    public string Id => trigger.Id;
    public string ProjectId => trigger.ProjectId;
    public string EnvironmentId => trigger.EnvironmentId;
    public string? ServiceId => trigger.ServiceId;
    public string Repository => trigger.Repository;
    public string Branch => trigger.Branch;
    public string Provider => trigger.Provider;
    public bool CheckSuites => trigger.CheckSuites;
    public int ValidCheckSuites => 0;
    public string? BaseEnvironmentOverrideId => null;
}
