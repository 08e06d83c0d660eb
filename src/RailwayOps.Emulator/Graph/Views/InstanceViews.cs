using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Graph.Views;

public sealed record ServiceSourceView(string? Repo, string? Image);

public sealed record ServiceDomainView(string Id, string Domain, string EnvironmentId, string ServiceId,
    string ProjectId, string? Suffix, string SyncStatus, int? TargetPort, DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt, DateTimeOffset? DeletedAt);

public sealed record AllDomainsView(IReadOnlyList<ServiceDomainView> ServiceDomains, IReadOnlyList<object> CustomDomains)
{
    /// <summary>The instance's stable loopback host:port is its one service domain (the emulator's
    /// deliberate difference from *.up.railway.app).</summary>
    public static AllDomainsView For(ServiceInstanceRecord instance, GraphContext graph)
    {
        var domain = graph.Engine.ServiceDomain(instance.EnvironmentId, instance.ServiceId);
        if (domain is null)
            return new AllDomainsView([], []);
        var separator = domain.LastIndexOf(':');
        int? port = separator > 0 && int.TryParse(domain[(separator + 1)..], out var parsed) ? parsed : null;
        var id = "domain-" + instance.EnvironmentId + "-" + instance.ServiceId;
        return new AllDomainsView(
            [new ServiceDomainView(id, domain, instance.EnvironmentId, instance.ServiceId, instance.ProjectId,
                separator > 0 ? domain[..separator] : null, "ACTIVE", port, null, null, null)],
            []);
    }
}

public sealed class ServiceInstanceView(ServiceInstanceRecord instance, GraphContext graph)
{
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
    public int? NumReplicas => 1;
    public ServiceSourceView? Source => instance.Repo is null ? null : new(instance.Repo, null);
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
