using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    /// <summary>
    /// Deployments newest first, streamed page by page. Without a project, environment or service it
    /// walks every visible project in turn.
    /// </summary>
    public async IAsyncEnumerable<RailwayDeployment> GetDeploymentsAsync(DeploymentQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.First is <= 0)
        {
            yield break;
        }

        if (query.ProjectId is null && query.EnvironmentId is null && query.ServiceId is null)
        {
            var remaining = query.First;
            foreach (var project in await ListProjectsAsync(cancellationToken).ConfigureAwait(false))
            {
                var scoped = query with { ProjectId = project.ProjectId, ProjectName = project.Name, First = remaining };
                await foreach (var deployment in GetDeploymentsAsync(scoped, cancellationToken).ConfigureAwait(false))
                {
                    yield return deployment;
                    if (remaining is not null && --remaining == 0)
                    {
                        yield break;
                    }
                }
            }

            yield break;
        }

        var input = new JsonObject
        {
            ["projectId"] = query.ProjectId,
            ["environmentId"] = query.EnvironmentId,
            ["serviceId"] = query.ServiceId,
        };
        if (query.IncludeDeleted)
        {
            input["includeDeleted"] = true;
        }

        if (query.Statuses.Count > 0)
        {
            input["status"] = new JsonObject
            {
                ["in"] = new JsonArray(query.Statuses.Distinct().Select(status => (JsonNode)JsonValue.Create(status.ToWireName())!).ToArray()),
            };
        }

        // A commit filter runs on our side, so the page size cannot be capped by -First.
        var pageCap = query.CommitSha is null ? query.First : null;
        var left = query.First;
        await foreach (var node in PageAsync("Deployments", new JsonObject { ["input"] = input }, data => Field(data, "deployments"), pageCap, cancellationToken).ConfigureAwait(false))
        {
            var deployment = ModelMapper.Deployment(node, query.ProjectName);
            if (query.CommitSha is { } sha && !(deployment.CommitHash?.StartsWith(sha, StringComparison.OrdinalIgnoreCase) ?? false))
            {
                continue;
            }

            yield return deployment;
            if (left is not null && --left == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Whether a listing for this context can start before its target is resolved: a token that is
    /// not a project token, and a project (with the environment and service, where given) named by id.
    /// </summary>
    public bool CanListBeforeResolving(RailwayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !IsProjectToken
            && context.Project is { } project && LooksLikeId(project.Value)
            && (context.Environment is null || LooksLikeId(context.Environment.Value))
            && (context.Service is null || LooksLikeId(context.Service.Value));
    }

    /// <summary>
    /// Lists while resolving (see <see cref="CanListBeforeResolving"/>): the target check and the first
    /// page go out together, so the first deployment costs one round trip instead of two. Nothing is
    /// returned before the check confirms the ids, and a failed check is the listing's error.
    /// </summary>
    public async IAsyncEnumerable<RailwayDeployment> GetDeploymentsAsync(
        RailwayContext context,
        DeploymentQuery query,
        Action<ResolvedTarget?> onResolved,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(onResolved);
        using var listing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var guessed = query with { ProjectId = context.Project?.Value, EnvironmentId = context.Environment?.Value, ServiceId = context.Service?.Value };
        var checking = ResolveTargetAsync(context, cancellationToken);
        var pages = GetDeploymentsAsync(guessed, listing.Token).GetAsyncEnumerator(listing.Token);
        var next = pages.MoveNextAsync().AsTask();
        try
        {
            var target = await checking.ConfigureAwait(false);
            onResolved(target);
            var confirmed = query with
            {
                ProjectId = target?.Project.ProjectId,
                ProjectName = target?.Project.Name,
                EnvironmentId = target?.Environment?.EnvironmentId,
                ServiceId = target?.Service?.ServiceId,
            };
            if (confirmed.ProjectId != guessed.ProjectId || confirmed.EnvironmentId != guessed.EnvironmentId || confirmed.ServiceId != guessed.ServiceId)
            {
                // An id that resolved to something else (a name that happens to look like an id): list what it named.
                listing.Cancel();
                await foreach (var deployment in GetDeploymentsAsync(confirmed, cancellationToken).ConfigureAwait(false))
                {
                    yield return deployment;
                }

                yield break;
            }

            while (await next.ConfigureAwait(false))
            {
                // The page went out before the project's name was known; a deployment whose service is gone carries none.
                var deployment = pages.Current;
                deployment.ProjectName ??= confirmed.ProjectName;
                yield return deployment;
                next = pages.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            await AsyncEnumeration.CancelAndDisposeAsync(pages, next, listing).ConfigureAwait(false);
        }
    }

    public async Task<RailwayDeployment> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        try
        {
            var data = await transport.QueryAsync("Deployment", new JsonObject { ["id"] = deploymentId }, cancellationToken).ConfigureAwait(false);
            return ModelMapper.Deployment(Field(data, "deployment"));
        }
        catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.NotFound)
        {
            throw new RailwayApiException(RailwayApiErrorKind.NotFound, string.Format(Messages.DeploymentNotFound, deploymentId, TokenDescription), exception)
            {
                OperationName = exception.OperationName,
                ServerMessage = exception.ServerMessage,
                Resource = RailwayResourceKind.Deployment,
            };
        }
    }

    /// <summary>The service instance's latest deployment, or null when it never deployed.</summary>
    public async Task<RailwayDeployment?> GetLatestDeploymentAsync(string environmentId, string serviceId, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["environmentId"] = environmentId, ["serviceId"] = serviceId };
        var data = await transport.QueryAsync("LatestDeployment", variables, cancellationToken).ConfigureAwait(false);
        return ModelMapper.Object(Field(data, "serviceInstance"), "latestDeployment") is { } node ? ModelMapper.Deployment(node) : null;
    }

    /// <summary>The service domains first, then custom domains, as the CLI orders them for "the public URL".</summary>
    public async Task<IReadOnlyList<RailwayDomain>> GetDomainsAsync(string projectId, string environmentId, string serviceId, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["projectId"] = projectId, ["environmentId"] = environmentId, ["serviceId"] = serviceId };
        var data = await transport.QueryAsync("Domains", variables, cancellationToken).ConfigureAwait(false);
        var domains = Field(data, "domains");
        var result = new List<RailwayDomain>();
        foreach (var (field, kind) in new[] { ("serviceDomains", RailwayDomainKind.Service), ("customDomains", RailwayDomainKind.Custom) })
        {
            if (domains.TryGetProperty(field, out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                result.AddRange(list.EnumerateArray().Select(node => ModelMapper.Domain(node, kind)));
            }
        }

        return result;
    }
}
