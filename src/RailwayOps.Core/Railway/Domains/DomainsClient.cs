using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

/// <summary>A service instance's domains (<c>railway.Domains</c>): listed, generated, added and deleted; the operations are the .graphql files beside this one.</summary>
public sealed class DomainsClient
{
    private readonly ApiConnection connection;

    internal DomainsClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>The service domains first, then custom domains, as the CLI orders them for "the public URL".</summary>
    public async Task<IReadOnlyList<RailwayDomain>> ListAsync(string projectId, string environmentId, string serviceId, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["projectId"] = projectId, ["environmentId"] = environmentId, ["serviceId"] = serviceId };
        var data = await connection.QueryAsync("Domains", variables, cancellationToken).ConfigureAwait(false);
        var domains = ApiConnection.Field(data, "domains");
        var result = new List<RailwayDomain>();
        foreach (var (field, kind) in new[] { ("serviceDomains", RailwayDomainKind.Service), ("customDomains", RailwayDomainKind.Custom) })
        {
            if (domains.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                result.AddRange(list.EnumerateArray().Select(node => Map(node, kind)));
            }
        }

        return result;
    }

    /// <summary>serviceDomainCreate: Railway generates the *.up.railway.app name.</summary>
    public async Task<RailwayDomain> CreateServiceDomainAsync(string environmentId, string serviceId, int? targetPort, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["environmentId"] = environmentId, ["serviceId"] = serviceId, ["targetPort"] = targetPort };
        var data = await connection.MutateAsync("ServiceDomainCreate", variables, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "serviceDomainCreate"), RailwayDomainKind.Service);
    }

    /// <summary>customDomainCreate: the answer carries the DNS records to create and their state.</summary>
    public async Task<RailwayDomain> CreateCustomDomainAsync(string projectId, string environmentId, string serviceId, string domain, int? targetPort, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var input = new JsonObject
        {
            ["projectId"] = projectId,
            ["environmentId"] = environmentId,
            ["serviceId"] = serviceId,
            ["domain"] = domain,
            ["targetPort"] = targetPort,
        };
        var data = await connection.MutateAsync("CustomDomainCreate", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "customDomainCreate"), RailwayDomainKind.Custom);
    }

    /// <summary>customDomainAvailable: null when the name is free, else Railway's reason it is not.</summary>
    public async Task<string?> CustomDomainTakenAsync(string domain, CancellationToken cancellationToken)
    {
        var data = await connection.QueryAsync("CustomDomainAvailable", new JsonObject { ["domain"] = domain }, cancellationToken).ConfigureAwait(false);
        var answer = ApiConnection.Field(data, "customDomainAvailable");
        return ModelMapper.Bool(answer, "available") ? null : ModelMapper.String(answer, "message") ?? domain;
    }

    /// <summary>serviceDomainDelete or customDomainDelete, by the domain's kind.</summary>
    public Task<bool> DeleteAsync(RailwayDomain domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return domain.Kind == RailwayDomainKind.Custom
            ? connection.MutateFlagAsync("CustomDomainDelete", "customDomainDelete", new JsonObject { ["id"] = domain.DomainId }, cancellationToken)
            : connection.MutateFlagAsync("ServiceDomainDelete", "serviceDomainDelete", new JsonObject { ["id"] = domain.DomainId }, cancellationToken);
    }

    internal static RailwayDomain Map(JsonElement node, RailwayDomainKind kind)
    {
        var status = ModelMapper.Object(node, "status");
        var records = new List<RailwayDnsRecord>();
        if (status is { } s && s.TryGetProperty("dnsRecords", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            records.AddRange(list.EnumerateArray().Select(record => new RailwayDnsRecord
            {
                Type = Trim(ModelMapper.String(record, "recordType"), "DNS_RECORD_TYPE_") ?? "",
                Name = ModelMapper.String(record, "fqdn") ?? "",
                HostLabel = ModelMapper.String(record, "hostlabel"),
                Zone = ModelMapper.String(record, "zone"),
                RequiredValue = ModelMapper.String(record, "requiredValue") ?? "",
                CurrentValue = ModelMapper.String(record, "currentValue"),
                Status = Trim(ModelMapper.String(record, "status"), "DNS_RECORD_STATUS_"),
            }));
        }

        return new RailwayDomain
        {
            DomainId = ModelMapper.RequiredString(node, "id"),
            Domain = ModelMapper.RequiredString(node, "domain"),
            Kind = kind,
            EnvironmentId = ModelMapper.String(node, "environmentId"),
            ServiceId = ModelMapper.String(node, "serviceId"),
            TargetPort = ModelMapper.Int(node, "targetPort"),
            SyncStatus = ModelMapper.String(node, "syncStatus"),
            Verified = status is { } v ? ModelMapper.Bool(v, "verified") : null,
            CertificateStatus = status is { } c ? ModelMapper.String(c, "certificateStatus") : null,
            DnsRecords = records,
        };
    }

    private static string? Trim(string? value, string prefix) =>
        value is not null && value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : value;
}
