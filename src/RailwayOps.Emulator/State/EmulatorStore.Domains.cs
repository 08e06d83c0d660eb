using System.Security.Cryptography;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// Domains: generated service domains and custom domains of a service instance.
public sealed partial class EmulatorStore
{
    public const string ServiceDomainZone = "up.railway.app";

    public IReadOnlyList<DomainEntity> GetDomains(string environmentId, string serviceId)
    {
        lock (_gate)
            return _domains.Values.Where(d => d.EnvironmentId == environmentId && d.ServiceId == serviceId)
                .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    public DomainEntity? GetDomain(string domainId)
    {
        lock (_gate)
            return _domains.GetValueOrDefault(domainId);
    }

    /// <summary>The domain (service or custom) whose host name is <paramref name="host"/>, if any.</summary>
    public DomainEntity? FindDomainByHost(string host)
    {
        lock (_gate)
            return _domains.Values.FirstOrDefault(d => string.Equals(d.Domain, host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>serviceDomainCreate: <c>&lt;service&gt;-&lt;environment&gt;-&lt;5 hex&gt;.up.railway.app</c>, the style Railway generates.</summary>
    public DomainEntity CreateServiceDomain(string environmentId, string serviceId, int? targetPort)
    {
        lock (_gate)
        {
            var instance = InstanceOf(environmentId, serviceId);
            var label = Slug(_services[serviceId].Name) + "-" + Slug(_environments[environmentId].Name);
            string domain;
            do
                domain = $"{label}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()[..5]}.{ServiceDomainZone}";
            while (_domains.Values.Any(d => string.Equals(d.Domain, domain, StringComparison.OrdinalIgnoreCase)));
            return AddDomain(new DomainEntity(Guid.NewGuid().ToString(), DomainEntity.ServiceKind, instance.ProjectId,
                environmentId, serviceId, domain, targetPort, null, Now));
        }
    }

    /// <summary>customDomainCreate: refused when any service already has that host name.</summary>
    public DomainEntity CreateCustomDomain(string environmentId, string serviceId, string domain, int? targetPort)
    {
        lock (_gate)
        {
            var instance = InstanceOf(environmentId, serviceId);
            var host = domain.Trim().TrimEnd('.').ToLowerInvariant();
            if (!IsHostName(host) || host.EndsWith("." + ServiceDomainZone, StringComparison.Ordinal))
                throw new EmulatorUserException($"Invalid domain '{domain}'");
            if (_domains.Values.Any(d => string.Equals(d.Domain, host, StringComparison.OrdinalIgnoreCase)))
                throw new EmulatorUserException($"Domain {host} is already in use");
            return AddDomain(new DomainEntity(Guid.NewGuid().ToString(), DomainEntity.CustomKind, instance.ProjectId,
                environmentId, serviceId, host, targetPort, "railway-verify=" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(), Now));
        }
    }

    /// <summary>serviceDomainDelete / customDomainDelete: false when no domain of that kind has the id.</summary>
    public bool DeleteDomain(string domainId, string kind)
    {
        lock (_gate)
        {
            if (!_domains.TryGetValue(domainId, out var domain) || domain.Kind != kind)
                return false;
            _persistence.Append(new JournalEntry { DeletedDomainId = domainId });
            _domains.Remove(domainId);
            return true;
        }
    }

    /// <summary>serviceDomainUpdate / customDomainUpdate: a service domain may take another free name in up.railway.app.</summary>
    public DomainEntity UpdateDomain(string domainId, string? newDomain, int? targetPort)
    {
        lock (_gate)
        {
            if (!_domains.TryGetValue(domainId, out var domain))
                throw new EmulatorUserException("Domain not found");
            var name = domain.Domain;
            if (newDomain is not null && !string.Equals(newDomain, domain.Domain, StringComparison.OrdinalIgnoreCase))
            {
                name = newDomain.Trim().TrimEnd('.').ToLowerInvariant();
                if (!IsHostName(name) || !name.EndsWith("." + ServiceDomainZone, StringComparison.Ordinal) || name.Count(c => c == '.') != 3)
                    throw new EmulatorUserException($"Invalid domain '{newDomain}'");
                if (_domains.Values.Any(d => d.Id != domainId && string.Equals(d.Domain, name, StringComparison.OrdinalIgnoreCase)))
                    throw new EmulatorUserException($"Domain {name} is already in use");
            }
            return AddDomain(domain with { Domain = name, TargetPort = targetPort });
        }
    }

    private DomainEntity AddDomain(DomainEntity domain)
    {
        _persistence.Append(new JournalEntry { Domain = domain });
        _domains[domain.Id] = domain;
        return domain;
    }

    private ServiceEntity InstanceOf(string environmentId, string serviceId)
    {
        if (!_instances.ContainsKey(InstanceEntity.InstanceKey(environmentId, serviceId)))
            throw new EmulatorUserException("ServiceInstance not found");
        return _services[serviceId];
    }

    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= 253 && host.Contains('.')
        && host.Split('.').All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    private static string Slug(string name) =>
        string.Join('-', new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Split('-', StringSplitOptions.RemoveEmptyEntries));
}
