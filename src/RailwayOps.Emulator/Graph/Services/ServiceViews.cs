using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

public sealed class ServiceView(ServiceEntity service, GraphContext graph)
{
    public string Id => service.Id;
    public string Name => service.Name;
    public string ProjectId => service.ProjectId;
    public string? Icon => null;
    public DateTimeOffset CreatedAt => service.CreatedAt;
    public DateTimeOffset UpdatedAt => service.CreatedAt;
    public DateTimeOffset? DeletedAt => null;
    public ProjectView Project => new(graph.Project(service.ProjectId), graph);
}

public sealed record ServiceSourceView(string? Repo, string? Image);

public sealed class ServiceInstanceView(ServiceInstanceRecord instance, GraphContext graph)
{
    // A cron schedule is kept as a setting (below) but not run: every service runs continuously, so there is no next run.
    public DateTimeOffset? NextCronRunAt => null;

    private static readonly HashSet<DeployStatus> Active = [DeployStatus.SUCCESS, DeployStatus.CRASHED, DeployStatus.SLEEPING];

    public string Id => "instance-" + instance.EnvironmentId + "-" + instance.ServiceId;
    public string ServiceId => instance.ServiceId;
    public string ServiceName => instance.ServiceName;
    public string EnvironmentId => instance.EnvironmentId;
    public DateTimeOffset CreatedAt => graph.Store.GetInstance(instance.EnvironmentId, instance.ServiceId)?.CreatedAt ?? default;
    public DateTimeOffset UpdatedAt => CreatedAt;
    public DateTimeOffset? DeletedAt => null;
    public string Builder => "RAILPACK";
    public string? BuildCommand => instance.Settings.BuildCommand;
    public string? StartCommand => instance.Settings.StartCommand;
    public string? HealthcheckPath => instance.Settings.HealthcheckPath;
    public int? HealthcheckTimeout => instance.Settings.HealthcheckTimeout;
    public string RestartPolicyType => instance.Settings.RestartPolicyType;
    public int RestartPolicyMaxRetries => instance.Settings.RestartPolicyMaxRetries;
    public IReadOnlyList<string> WatchPatterns => instance.Settings.WatchPatterns;
    public string? RootDirectory => null;
    public int? NumReplicas => instance.Settings.NumReplicas ?? 1;
    public string? Region => instance.Settings.Region;
    public string? CronSchedule => instance.Settings.CronSchedule;
    public bool? SleepApplication => instance.Settings.SleepApplication ?? false;
    public string? RailwayConfigFile => instance.Settings.RailwayConfigFile;
    public ServiceSourceView? Source => instance.Repo is null && instance.Image is null ? null : new(instance.Repo, instance.Image);
    public AllDomainsView Domains => AllDomainsView.For(instance, graph);
    public ServiceView Service => new(graph.Service(instance.ServiceId), graph);

    public DeploymentView? LatestDeployment =>
        graph.Store.NewestDeployment(instance.EnvironmentId, instance.ServiceId, _ => true) is { } latest
            ? new DeploymentView(latest, graph) : null;

    /// <summary>Deployments that currently hold a running (or crashed / sleeping) instance.</summary>
    public IReadOnlyList<DeploymentView> ActiveDeployments =>
        graph.Store.NewestDeployment(instance.EnvironmentId, instance.ServiceId,
                d => Active.Contains(d.Status) && !(d.Status == DeployStatus.SUCCESS && d.DeploymentStopped)) is { } active
            ? [new DeploymentView(active, graph)] : [];
}
