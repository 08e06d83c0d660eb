using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

public sealed record ServiceDomainView(string Id, string Domain, string EnvironmentId, string ServiceId,
    string ProjectId, string? Suffix, string SyncStatus, int? TargetPort, DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt, DateTimeOffset? DeletedAt)
{
    public static ServiceDomainView Of(DomainEntity domain) => new(domain.Id, domain.Domain, domain.EnvironmentId,
        domain.ServiceId, domain.ProjectId, EmulatorStore.ServiceDomainZone, "ACTIVE", domain.TargetPort,
        domain.CreatedAt, domain.CreatedAt, null);
}

public sealed record DnsRecordView(string Hostlabel, string Fqdn, string RecordType, string RequiredValue,
    string CurrentValue, string Status, string Zone, string Purpose);

/// <summary>A custom domain's DNS state. The emulator resolves no DNS: the CNAME record Railway asks for is
/// reported as not yet pointed (DNS_RECORD_STATUS_REQUIRES_UPDATE, currentValue empty) and the certificate as
/// waiting for ownership to be validated, which is what Railway reports until the record exists.</summary>
public sealed record CustomDomainStatusView(IReadOnlyList<DnsRecordView> DnsRecords, string? VerificationToken, string? VerificationDnsHost)
{
    public string? CdnProvider => null;
    public string CertificateStatus => "CERTIFICATE_STATUS_TYPE_VALIDATING_OWNERSHIP";
    public string? CertificateStatusDetailed => null;
    public string? CertificateErrorMessage => null;
    public string? CertificateErrorType => null;
    public bool? CertificateRetryable => null;
    public IReadOnlyList<object> Certificates => [];
    public bool Verified => false;
}

public sealed record CustomDomainView(string Id, string Domain, string EnvironmentId, string ServiceId,
    string ProjectId, int? TargetPort, DateTimeOffset? CreatedAt, CustomDomainStatusView Status)
{
    public string SyncStatus => "CREATING";
    public DateTimeOffset? UpdatedAt => CreatedAt;
    public DateTimeOffset? DeletedAt => null;

    /// <summary>The CNAME the owner of the zone must create: the host label (or "@" at the apex) pointing at a
    /// Railway-style target for the service.</summary>
    public static CustomDomainView Of(DomainEntity domain, string serviceSlug)
    {
        var labels = domain.Domain.Split('.');
        var zone = labels.Length > 2 ? string.Join('.', labels[^2..]) : domain.Domain;
        var hostLabel = labels.Length > 2 ? string.Join('.', labels[..^2]) : "@";
        var target = $"{serviceSlug}.{domain.Id[..8]}.up.railway.app";
        var record = new DnsRecordView(hostLabel, domain.Domain, "DNS_RECORD_TYPE_CNAME", target, "",
            "DNS_RECORD_STATUS_REQUIRES_UPDATE", zone, "DNS_RECORD_PURPOSE_TRAFFIC_ROUTE");
        return new CustomDomainView(domain.Id, domain.Domain, domain.EnvironmentId, domain.ServiceId, domain.ProjectId,
            domain.TargetPort, domain.CreatedAt,
            new CustomDomainStatusView([record], domain.VerificationToken, "_railway-verify." + hostLabel.Replace("@", zone, StringComparison.Ordinal)));
    }
}

public sealed record AllDomainsView(IReadOnlyList<ServiceDomainView> ServiceDomains, IReadOnlyList<CustomDomainView> CustomDomains)
{
    /// <summary>The instance's stable loopback host:port comes first (the emulator's deliberate difference from
    /// Railway: every instance answers there), then the service domains made with serviceDomainCreate, then
    /// custom domains.</summary>
    public static AllDomainsView For(ServiceInstanceRecord instance, GraphContext graph)
    {
        var stored = graph.Store.GetDomains(instance.EnvironmentId, instance.ServiceId);
        var generated = stored.Where(d => d.Kind == DomainEntity.ServiceKind).Select(ServiceDomainView.Of).ToList();
        var custom = stored.Where(d => d.Kind == DomainEntity.CustomKind)
            .Select(d => CustomDomainView.Of(d, Slug(instance.ServiceName))).ToList();
        var domain = graph.Engine.ServiceDomain(instance.EnvironmentId, instance.ServiceId);
        if (domain is null)
            return new AllDomainsView(generated, custom);
        var separator = domain.LastIndexOf(':');
        int? port = separator > 0 && int.TryParse(domain[(separator + 1)..], out var parsed) ? parsed : null;
        return new AllDomainsView(
            [new ServiceDomainView(LoopbackId(instance.EnvironmentId, instance.ServiceId), domain, instance.EnvironmentId, instance.ServiceId, instance.ProjectId,
                separator > 0 ? domain[..separator] : null, "ACTIVE", port, null, null, null), .. generated],
            custom);
    }

    public static string LoopbackId(string environmentId, string serviceId) => "domain-" + environmentId + "-" + serviceId;

    public static string Slug(string name) =>
        string.Join('-', new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Split('-', StringSplitOptions.RemoveEmptyEntries));
}
