using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Railway;

/// <summary>
/// Deployments (<c>railway.Deployments</c>): listed newest first, read one at a time, followed over the
/// deployment(id) subscription, and acted on. The operations are the .graphql files beside this one.
/// </summary>
public sealed class DeploymentsClient
{
    private readonly ApiConnection connection;
    private readonly RailwayClient railway;

    internal DeploymentsClient(ApiConnection connection, RailwayClient railway)
    {
        this.connection = connection;
        this.railway = railway;
    }

    /// <summary>
    /// Deployments newest first, streamed page by page. Without a project, environment or service it
    /// walks every visible project in turn.
    /// </summary>
    public async IAsyncEnumerable<RailwayDeployment> ListAsync(DeploymentQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.First is <= 0)
        {
            yield break;
        }

        if (query.ProjectId is null && query.EnvironmentId is null && query.ServiceId is null)
        {
            var remaining = query.First;
            foreach (var project in await railway.Projects.ListAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var scoped = query with { ProjectId = project.ProjectId, ProjectName = project.Name, First = remaining };
                await foreach (var deployment in ListAsync(scoped, cancellationToken).ConfigureAwait(false))
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
        await foreach (var node in connection.PageAsync("Deployments", new JsonObject { ["input"] = input }, data => ApiConnection.Field(data, "deployments"), pageCap, cancellationToken).ConfigureAwait(false))
        {
            var deployment = Map(node, query.ProjectName);
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
        return !connection.IsProjectToken
            && context.Project is { } project && ApiConnection.LooksLikeId(project.Value)
            && (context.Environment is null || ApiConnection.LooksLikeId(context.Environment.Value))
            && (context.Service is null || ApiConnection.LooksLikeId(context.Service.Value));
    }

    /// <summary>
    /// Lists while resolving (see <see cref="CanListBeforeResolving"/>): the target check and the first
    /// page go out together, so the first deployment costs one round trip instead of two. Nothing is
    /// returned before the check confirms the ids, and a failed check is the listing's error.
    /// </summary>
    public async IAsyncEnumerable<RailwayDeployment> ListAsync(
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
        var checking = railway.Projects.ResolveTargetAsync(context, cancellationToken);
        var pages = ListAsync(guessed, listing.Token).GetAsyncEnumerator(listing.Token);
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
                await foreach (var deployment in ListAsync(confirmed, cancellationToken).ConfigureAwait(false))
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

    public async Task<RailwayDeployment> GetAsync(string deploymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        try
        {
            var data = await connection.QueryAsync("Deployment", new JsonObject { ["id"] = deploymentId }, cancellationToken).ConfigureAwait(false);
            return Map(ApiConnection.Field(data, "deployment"));
        }
        catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.NotFound)
        {
            throw ApiConnection.NotFound(RailwayResourceKind.Deployment, string.Format(Messages.DeploymentNotFound, deploymentId, connection.TokenDescription), exception);
        }
    }

    /// <summary>The service instance's latest deployment, or null when it never deployed.</summary>
    public async Task<RailwayDeployment?> GetLatestAsync(string environmentId, string serviceId, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["environmentId"] = environmentId, ["serviceId"] = serviceId };
        var data = await connection.QueryAsync("LatestDeployment", variables, cancellationToken).ConfigureAwait(false);
        return ModelMapper.Object(ApiConnection.Field(data, "serviceInstance"), "latestDeployment") is { } node ? Map(node) : null;
    }

    /// <summary>
    /// The deployment(id) subscription: the current state first (Railway and the emulator both send
    /// it), then every change. Failures are <see cref="Subscriptions.SubscriptionException"/>s.
    /// </summary>
    public async IAsyncEnumerable<RailwayDeployment> SubscribeAsync(string deploymentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        var variables = new JsonObject { ["id"] = deploymentId };
        await foreach (var data in connection.SubscribeAsync("DeploymentUpdates", variables, cancellationToken).ConfigureAwait(false))
        {
            if (ModelMapper.Object(data, "deployment") is { } node)
            {
                yield return Map(node);
            }
        }
    }

    /// <summary>Redeploys a deployment's source; returns the new deployment.</summary>
    public async Task<RailwayDeployment> RedeployAsync(string deploymentId, bool usePreviousImageTag, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["id"] = deploymentId, ["usePreviousImageTag"] = usePreviousImageTag };
        var data = await connection.MutateAsync("DeploymentRedeploy", variables, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "deploymentRedeploy"));
    }

    /// <summary>
    /// Railway's "deploy latest commit" (serviceInstanceDeployV2 without a commit; the CLI's <c>redeploy --from-source</c>):
    /// a GitHub-connected service deploys the head of its branch. Returns the new deployment.
    /// </summary>
    public async Task<RailwayDeployment> DeployLatestCommitAsync(string environmentId, string serviceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        var data = await connection.MutateAsync("ServiceInstanceDeployV2",
            new JsonObject { ["environmentId"] = environmentId, ["serviceId"] = serviceId }, cancellationToken).ConfigureAwait(false);
        var id = ApiConnection.Field(data, "serviceInstanceDeployV2").GetString()
            ?? throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, "serviceInstanceDeployV2 answered without a deployment id.");
        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Restarts the container without a rebuild.</summary>
    public Task<bool> RestartAsync(string deploymentId, CancellationToken cancellationToken) =>
        ActAsync("DeploymentRestart", "deploymentRestart", deploymentId, cancellationToken);

    /// <summary>Rolls back to this deployment (requires CanRollback).</summary>
    public Task<bool> RollbackAsync(string deploymentId, CancellationToken cancellationToken) =>
        ActAsync("DeploymentRollback", "deploymentRollback", deploymentId, cancellationToken);

    /// <summary>Cancels a queued or building deployment (it becomes Removed).</summary>
    public Task<bool> CancelAsync(string deploymentId, CancellationToken cancellationToken) =>
        ActAsync("DeploymentCancel", "deploymentCancel", deploymentId, cancellationToken);

    public Task<bool> StopAsync(string deploymentId, CancellationToken cancellationToken) =>
        ActAsync("DeploymentStop", "deploymentStop", deploymentId, cancellationToken);

    /// <summary>Stops the deployment and marks it Removed.</summary>
    public Task<bool> RemoveAsync(string deploymentId, CancellationToken cancellationToken) =>
        ActAsync("DeploymentRemove", "deploymentRemove", deploymentId, cancellationToken);

    /// <summary>Approves a deployment waiting in NeedsApproval.</summary>
    public Task<bool> ApproveAsync(string deploymentId, CancellationToken cancellationToken) =>
        ActAsync("DeploymentApprove", "deploymentApprove", deploymentId, cancellationToken);

    private async Task<bool> ActAsync(string operationName, string field, string deploymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        return await connection.MutateFlagAsync(operationName, field, new JsonObject { ["id"] = deploymentId }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A Deployment node (the DeploymentFields selection) as the module's object.</summary>
    internal static RailwayDeployment Map(JsonElement node, string? knownProjectName = null)
    {
        var statusText = ModelMapper.RequiredString(node, "status");
        if (!DeploymentStatusInfo.TryParseWireName(statusText, out var status))
        {
            throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, $"Unknown deployment status '{statusText}'.");
        }

        var meta = ModelMapper.Object(node, "meta");
        var environment = ModelMapper.Object(node, "environment");
        var service = ModelMapper.Object(node, "service");
        var project = service is { } s ? ModelMapper.Object(s, "project") : null;
        return new RailwayDeployment
        {
            DeploymentId = ModelMapper.RequiredString(node, "id"),
            Status = status,
            CreatedAt = ModelMapper.Date(node, "createdAt") ?? default,
            UpdatedAt = ModelMapper.Date(node, "updatedAt") ?? default,
            StatusUpdatedAt = ModelMapper.Date(node, "statusUpdatedAt"),
            ProjectId = ModelMapper.RequiredString(node, "projectId"),
            ProjectName = (project is { } p ? ModelMapper.String(p, "name") : null) ?? knownProjectName,
            EnvironmentId = ModelMapper.RequiredString(node, "environmentId"),
            EnvironmentName = environment is { } e ? ModelMapper.String(e, "name") : null,
            ServiceId = ModelMapper.String(node, "serviceId"),
            ServiceName = service is { } sn ? ModelMapper.String(sn, "name") : null,
            CommitHash = meta is { } m1 ? ModelMapper.String(m1, "commitHash") : null,
            CommitMessage = meta is { } m2 ? ModelMapper.String(m2, "commitMessage") : null,
            CommitAuthor = meta is { } m3 ? ModelMapper.String(m3, "commitAuthor") : null,
            Branch = meta is { } m4 ? ModelMapper.String(m4, "branch") : null,
            Repo = meta is { } m5 ? ModelMapper.String(m5, "repo") : null,
            Url = ModelMapper.Url(ModelMapper.String(node, "url")),
            StaticUrl = ModelMapper.Url(ModelMapper.String(node, "staticUrl")),
            CanRedeploy = ModelMapper.Bool(node, "canRedeploy"),
            CanRollback = ModelMapper.Bool(node, "canRollback"),
            DeploymentStopped = ModelMapper.Bool(node, "deploymentStopped"),
        };
    }
}
