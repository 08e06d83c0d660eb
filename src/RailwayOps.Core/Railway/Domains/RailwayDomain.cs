namespace RailwayOps;

// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum RailwayDomainKind
{
    Service,
    Custom,
}

/// <summary>A public domain of a service instance (a *.up.railway.app service domain or a custom domain).</summary>
public sealed class RailwayDomain
{
    public required string DomainId { get; init; }

    public required string Domain { get; init; }

    public required RailwayDomainKind Kind { get; init; }

    public string? EnvironmentId { get; init; }

    public string? ServiceId { get; init; }

    public int? TargetPort { get; init; }

    public string? ServiceName { get; init; }

    public string? EnvironmentName { get; init; }

    public string? ProjectId { get; init; }

    /// <summary>Railway's sync state of the domain (ACTIVE, CREATING, ...), as it reports it.</summary>
    public string? SyncStatus { get; init; }

    /// <summary>A custom domain: whether Railway has verified it (the DNS records point at it); null for a service domain.</summary>
    public bool? Verified { get; init; }

    /// <summary>A custom domain: Railway's certificate state (e.g. CERTIFICATE_STATUS_TYPE_VALIDATING_OWNERSHIP).</summary>
    public string? CertificateStatus { get; init; }

    /// <summary>A custom domain: the DNS records to create at the domain's DNS provider, with their state.</summary>
    public IReadOnlyList<RailwayDnsRecord> DnsRecords { get; init; } = Array.Empty<RailwayDnsRecord>();

    /// <summary>The https URL the Railway CLI would show; the emulator's loopback domains are plain http.</summary>
    public Uri Url => Domain.Contains("://", StringComparison.Ordinal) ? new Uri(Domain)
        : IsLoopback ? new Uri("http://" + Domain) : new Uri("https://" + Domain);

    /// <summary>True for the emulator's loopback host:port domains, which are not public names.</summary>
    public bool IsLoopback => Domain.StartsWith("127.", StringComparison.Ordinal)
        || Domain.StartsWith("localhost", StringComparison.OrdinalIgnoreCase)
        || Domain.StartsWith("[::1]", StringComparison.Ordinal);

    public override string ToString() => Domain;

    /// <summary>The same domain with the names of where it lives (the API answers with ids only).</summary>
    public RailwayDomain WithNames(string? projectId, string? environmentName, string? serviceName) => new()
    {
        DomainId = DomainId,
        Domain = Domain,
        Kind = Kind,
        EnvironmentId = EnvironmentId,
        ServiceId = ServiceId,
        TargetPort = TargetPort,
        SyncStatus = SyncStatus,
        Verified = Verified,
        CertificateStatus = CertificateStatus,
        DnsRecords = DnsRecords,
        ProjectId = projectId ?? ProjectId,
        EnvironmentName = environmentName ?? EnvironmentName,
        ServiceName = serviceName ?? ServiceName,
    };
}

/// <summary>A DNS record Railway asks the owner of a custom domain to create (type, name, value) and whether it is in place.</summary>
public sealed class RailwayDnsRecord
{
    /// <summary>CNAME, A, TXT or NS (Railway's DNS_RECORD_TYPE_ prefix dropped).</summary>
    public required string Type { get; init; }

    /// <summary>The full name of the record (its fqdn).</summary>
    public required string Name { get; init; }

    /// <summary>The host label within the zone ("@" at the apex).</summary>
    public string? HostLabel { get; init; }

    public string? Zone { get; init; }

    /// <summary>The value the record must have.</summary>
    public required string RequiredValue { get; init; }

    /// <summary>The value Railway currently sees (empty when the record does not exist yet).</summary>
    public string? CurrentValue { get; init; }

    /// <summary>PROPAGATED, REQUIRES_UPDATE or UNSPECIFIED (Railway's DNS_RECORD_STATUS_ prefix dropped).</summary>
    public string? Status { get; init; }

    public override string ToString() => $"{Type} {Name} -> {RequiredValue}";
}
