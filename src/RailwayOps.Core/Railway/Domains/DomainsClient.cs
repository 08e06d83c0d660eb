using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

/// <summary>A service instance's domains (<c>railway.Domains</c>); the operations are the .graphql files beside this one.</summary>
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

    internal static RailwayDomain Map(JsonElement node, RailwayDomainKind kind) => new()
    {
        DomainId = ModelMapper.RequiredString(node, "id"),
        Domain = ModelMapper.RequiredString(node, "domain"),
        Kind = kind,
        EnvironmentId = ModelMapper.String(node, "environmentId"),
        ServiceId = ModelMapper.String(node, "serviceId"),
        TargetPort = ModelMapper.Int(node, "targetPort"),
    };
}
