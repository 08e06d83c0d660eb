using RailwayOps.Core.Railway;

namespace RailwayOps.Core.Health;

/// <summary>
/// Works out which URL to probe for a service: its public domain (the first custom domain, else the
/// first service domain, as the Railway CLI picks "the" URL) plus the health-check path.
/// </summary>
public static class ServiceHealthTarget
{
    /// <summary>The path the CPWTR workflow checks when no config file names one.</summary>
    public const string DefaultPath = "/api/health";

    /// <summary>The domain to probe, or null when the service has none.</summary>
    public static RailwayDomain? PickDomain(IEnumerable<RailwayDomain> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var list = domains.ToList();
        return list.FirstOrDefault(domain => domain.Kind == RailwayDomainKind.Custom)
            ?? list.FirstOrDefault(domain => domain.Kind == RailwayDomainKind.Service);
    }

    /// <summary>
    /// The health URI under <paramref name="baseUrl"/>: the path replaces whatever path the base had,
    /// because a deployment's URL names its host, not a route.
    /// </summary>
    public static Uri Combine(Uri baseUrl, string? healthPath)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new InvalidHealthUriException(baseUrl.OriginalString);
        }

        var path = string.IsNullOrWhiteSpace(healthPath) ? DefaultPath : healthPath.Trim();
        var builder = new UriBuilder(baseUrl) { Query = string.Empty, Fragment = string.Empty };
        var queryAt = path.IndexOf('?', StringComparison.Ordinal);
        builder.Path = "/" + (queryAt < 0 ? path : path[..queryAt]).TrimStart('/');
        if (queryAt >= 0)
        {
            builder.Query = path[(queryAt + 1)..];
        }

        return HealthUri.Validate(builder.Uri);
    }

    /// <summary>A base URL from a domain or URL as Railway reports it (a bare host gets https, a loopback host http).</summary>
    public static Uri BaseUrl(string domainOrUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domainOrUrl);
        return new RailwayDomain { DomainId = string.Empty, Domain = domainOrUrl.Trim(), Kind = RailwayDomainKind.Service }.Url;
    }

    /// <summary>Looks up the service's domains and builds its health URI.</summary>
    /// <exception cref="ServiceHealthTargetException">The service has no public domain in that environment.</exception>
    public static async Task<Uri> ResolveAsync(
        RailwayClient client,
        string projectId,
        string environmentId,
        string serviceId,
        string? healthPath,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var domains = await client.Domains.ListAsync(projectId, environmentId, serviceId, cancellationToken).ConfigureAwait(false);
        var domain = PickDomain(domains) ?? throw new ServiceHealthTargetException(serviceId, environmentId);
        return Combine(domain.Url, healthPath);
    }
}
