using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Railway;

/// <summary>What <c>railway status</c> shows (<c>railway.Status</c>): every service of a project's environments with
/// its latest deployment, domains and replicas, in one read of the project (ProjectStatus.graphql) after at most one
/// read that finds the project's id (none when the id is given).</summary>
public sealed class StatusClient
{
    private readonly ApiConnection connection;
    private readonly RailwayClient railway;
    private readonly TimeProvider clock;

    internal StatusClient(ApiConnection connection, RailwayClient railway, TimeProvider? clock = null)
    {
        this.connection = connection;
        this.railway = railway;
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>The status of the environment named (or with the id) <paramref name="environment"/>, or of every
    /// environment of the project when it is null. A project token needs no project: its own is used.</summary>
    public async Task<StatusReport> GetAsync(string? project, string? environment, CancellationToken cancellationToken)
    {
        string projectId;
        if (project is not null && ApiConnection.LooksLikeId(project))
        {
            projectId = project;
        }
        else if (connection.IsProjectToken)
        {
            var scope = await railway.Projects.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            projectId = scope.ProjectId;
            environment ??= scope.EnvironmentId;
            if (project is not null)
            {
                // The token's project is checked by name against the answer below.
                return Check(await ReadAsync(projectId, environment, cancellationToken).ConfigureAwait(false), project);
            }
        }
        else
        {
            projectId = (await railway.Projects.ResolveAsync(project, cancellationToken).ConfigureAwait(false)).ProjectId;
        }

        return await ReadAsync(projectId, environment, cancellationToken).ConfigureAwait(false);
    }

    private StatusReport Check(StatusReport report, string project) =>
        ApiConnection.Matches(report.Project.ProjectId, report.Project.Name, project)
            ? report
            : throw ApiConnection.NotFound(RailwayResourceKind.Project,
                string.Format(Messages.ProjectTokenScope, connection.Credential!.Source, report.Project.Name, project));

    private async Task<StatusReport> ReadAsync(string projectId, string? environment, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["id"] = projectId, ["first"] = ApiConnection.PageSize };
        var data = await connection.QueryAsync("ProjectStatus", variables, cancellationToken).ConfigureAwait(false);
        var node = ApiConnection.Field(data, "project");
        var project = ProjectsClient.Map(node);
        var now = clock.GetUtcNow();
        var environments = node.GetProperty("environments");
        var truncated = ApiConnection.HasNextPage(environments);
        var seen = new List<string>();
        var services = new List<RailwayServiceStatus>();
        var matched = false;
        foreach (var environmentNode in ApiConnection.Nodes(environments))
        {
            var each = EnvironmentsClient.Map(environmentNode, project.Name);
            seen.Add(each.Name);
            if (environment is not null && !ApiConnection.Matches(each.EnvironmentId, each.Name, environment))
            {
                continue;
            }

            matched = true;
            var instances = environmentNode.GetProperty("serviceInstances");
            truncated |= ApiConnection.HasNextPage(instances);
            foreach (var instance in ApiConnection.Nodes(instances))
            {
                services.Add(MapInstance(instance, project, each, now));
            }
        }

        if (environment is not null && !matched)
        {
            throw EnvironmentsClient.NotFound(project, environment, seen);
        }

        return new StatusReport(project, services.OrderBy(s => s.EnvironmentName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(s => s.ServiceName, StringComparer.OrdinalIgnoreCase).ToList(), truncated);
    }

    private static RailwayServiceStatus MapInstance(JsonElement instance, RailwayProject project, RailwayEnvironment environment, DateTimeOffset now)
    {
        var latest = ModelMapper.Object(instance, "latestDeployment") is { } deployment
            ? DeploymentsClient.Map(deployment, project.Name)
            : null;
        var serviceDomains = new List<string>();
        var customDomains = new List<string>();
        if (ModelMapper.Object(instance, "domains") is { } domains)
        {
            foreach (var (field, list) in new[] { ("serviceDomains", serviceDomains), ("customDomains", customDomains) })
            {
                if (domains.TryGetProperty(field, out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    list.AddRange(array.EnumerateArray().Select(d => ModelMapper.String(d, "domain")).OfType<string>());
                }
            }
        }

        var first = customDomains.Concat(serviceDomains).FirstOrDefault();
        return new RailwayServiceStatus
        {
            ProjectId = project.ProjectId,
            ProjectName = project.Name,
            EnvironmentId = environment.EnvironmentId,
            EnvironmentName = environment.Name,
            ServiceId = ModelMapper.RequiredString(instance, "serviceId"),
            ServiceName = ModelMapper.String(instance, "serviceName") ?? ModelMapper.RequiredString(instance, "serviceId"),
            LatestDeployment = latest,
            Age = latest is null ? null : now - latest.CreatedAt,
            Domains = serviceDomains.Concat(customDomains).ToList(),
            Url = first is null ? null : new RailwayDomain { DomainId = "", Domain = first, Kind = RailwayDomainKind.Service }.Url,
            Replicas = ModelMapper.Int(instance, "numReplicas"),
        };
    }
}

/// <summary>A project's status: one entry per service per environment read; Truncated when a list had more than one page.</summary>
public sealed record StatusReport(RailwayProject Project, IReadOnlyList<RailwayServiceStatus> Services, bool Truncated);
