using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Graph;

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
