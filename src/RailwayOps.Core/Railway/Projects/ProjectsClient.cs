using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Text;

namespace RailwayOps.Core.Railway;

/// <summary>
/// Projects (<c>railway.Projects</c>): listed, read and resolved by name or id, with their services, the scope
/// of a project token, and the resolving of a context's project, environment and service to objects. The
/// operations are the .graphql files beside this one.
/// </summary>
public sealed class ProjectsClient
{
    private readonly ApiConnection connection;
    private readonly RailwayClient railway;

    internal ProjectsClient(ApiConnection connection, RailwayClient railway)
    {
        this.connection = connection;
        this.railway = railway;
    }

    /// <summary>Every project the token can see; a project token sees its own project only.</summary>
    public async IAsyncEnumerable<RailwayProject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (connection.IsProjectToken)
        {
            var scope = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            yield return await GetAsync(scope.ProjectId, cancellationToken).ConfigureAwait(false);
            yield break;
        }

        await foreach (var node in connection.PageAsync("Projects", new JsonObject(), data => ApiConnection.Field(data, "projects"), null, cancellationToken).ConfigureAwait(false))
        {
            yield return Map(node);
        }
    }

    public async Task<RailwayProject> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        try
        {
            var data = await connection.QueryAsync("Project", new JsonObject { ["id"] = projectId }, cancellationToken).ConfigureAwait(false);
            return Map(ApiConnection.Field(data, "project"));
        }
        catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.NotFound)
        {
            throw ApiConnection.NotFound(RailwayResourceKind.Project, string.Format(Messages.ProjectNotFound, projectId, connection.TokenDescription), exception);
        }
    }

    /// <summary>The project and environment a project token is scoped to.</summary>
    public async Task<RailwayProjectTokenInfo> GetTokenAsync(CancellationToken cancellationToken)
    {
        var data = await connection.QueryAsync("ProjectToken", null, cancellationToken).ConfigureAwait(false);
        var node = ApiConnection.Field(data, "projectToken");
        var project = ModelMapper.Object(node, "project");
        var environment = ModelMapper.Object(node, "environment");
        return new RailwayProjectTokenInfo
        {
            ProjectId = ModelMapper.RequiredString(node, "projectId"),
            ProjectName = project is { } p ? ModelMapper.String(p, "name") : null,
            EnvironmentId = ModelMapper.RequiredString(node, "environmentId"),
            EnvironmentName = environment is { } e ? ModelMapper.String(e, "name") : null,
        };
    }

    /// <summary>
    /// Proves the token works with the cheapest query its kind allows: projectToken for a project
    /// token, one project for any other (workspace tokens cannot call <c>me</c>).
    /// </summary>
    internal async Task VerifyTokenAsync(CancellationToken cancellationToken)
    {
        if (connection.IsProjectToken)
        {
            await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await connection.QueryAsync("Projects", new JsonObject { ["first"] = 1 }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A project by name (case-insensitive) or id. With a project token and no name, the token's
    /// own project; with a name that is not the token's project, NotFound.
    /// </summary>
    public async Task<RailwayProject> ResolveAsync(string? nameOrId, CancellationToken cancellationToken)
    {
        if (connection.IsProjectToken)
        {
            var scope = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            var project = await GetAsync(scope.ProjectId, cancellationToken).ConfigureAwait(false);
            if (nameOrId is null || ApiConnection.Matches(project.ProjectId, project.Name, nameOrId))
            {
                return project;
            }

            throw ApiConnection.NotFound(RailwayResourceKind.Project, string.Format(Messages.ProjectTokenScope, connection.Credential!.Source, project.Name, nameOrId));
        }

        if (string.IsNullOrWhiteSpace(nameOrId))
        {
            throw new ResolutionException(ResolutionErrorKind.ProjectRequired, string.Format(Messages.ProjectRequired, "Project"));
        }

        var seen = new List<string>();
        await foreach (var project in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (ApiConnection.Matches(project.ProjectId, project.Name, nameOrId))
            {
                return project;
            }

            seen.Add(project.Name);
        }

        // Not in the list (another workspace, or a deleted project): an id may still resolve directly.
        try
        {
            return await GetAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (exception.Kind is RailwayApiErrorKind.NotFound or RailwayApiErrorKind.GraphQL)
        {
            // The way forward: the names this token can use.
            throw ApiConnection.NotFound(RailwayResourceKind.Project,
                string.Format(Messages.ProjectNotFoundListed, TerminalText.Name(nameOrId), connection.TokenDescription, TerminalText.List(seen)), exception.ServerMessage);
        }
    }

    /// <summary>The services of a project, or of every visible project when <paramref name="project"/> is null.</summary>
    public async IAsyncEnumerable<RailwayService> ListServicesAsync(RailwayProject? project, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (project is null)
        {
            foreach (var each in await ListAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var service in ListServicesAsync(each, cancellationToken).ConfigureAwait(false))
                {
                    yield return service;
                }
            }

            yield break;
        }

        var variables = new JsonObject { ["projectId"] = project.ProjectId };
        await foreach (var node in connection.PageAsync("Services", variables, data => ApiConnection.Field(ApiConnection.Field(data, "project"), "services"), null, cancellationToken).ConfigureAwait(false))
        {
            yield return MapService(node, project.Name);
        }
    }

    /// <summary>The project's service named (case-insensitive) or with the id <paramref name="nameOrId"/>; NotFound lists the names there are.</summary>
    public async Task<RailwayService> ResolveServiceAsync(RailwayProject project, string nameOrId, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        await foreach (var service in ListServicesAsync(project, cancellationToken).ConfigureAwait(false))
        {
            if (ApiConnection.Matches(service.ServiceId, service.Name, nameOrId))
            {
                return service;
            }

            seen.Add(service.Name);
        }

        throw ServiceNotFound(project, nameOrId, seen);
    }

    private static RailwayApiException ServiceNotFound(RailwayProject project, string nameOrId, IEnumerable<string> services) =>
        ApiConnection.NotFound(RailwayResourceKind.Service,
            string.Format(Messages.ServiceNotFoundListed, TerminalText.Name(nameOrId), TerminalText.Name(project.Name), TerminalText.List(services)));

    /// <summary>
    /// Resolves the context's project, environment and service to objects. With a project token the
    /// token's environment is the default environment. Returns null when no project is set anywhere.
    /// A project given by id is read with its environments and services in one request; by name it
    /// takes the project list first, then that one request.
    /// </summary>
    public async Task<ResolvedTarget?> ResolveTargetAsync(RailwayContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Project is null && !connection.IsProjectToken)
        {
            if (context.Environment is not null || context.Service is not null)
            {
                throw new ResolutionException(ResolutionErrorKind.ProjectRequired,
                    string.Format(Messages.ProjectRequired, context.Environment is not null ? "Environment" : "Service"));
            }

            return null;
        }

        var environmentName = context.Environment?.Value;
        var serviceName = context.Service?.Value;
        ProjectOutline? outline = null;
        if (connection.IsProjectToken)
        {
            // The token names its project and environment: one read of each, the project with its outline.
            var scope = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            environmentName ??= scope.EnvironmentId;
            outline = await TryGetOutlineAsync(scope.ProjectId, cancellationToken).ConfigureAwait(false);
            if (outline is not null && context.Project is { } named && !ApiConnection.Matches(outline.Project.ProjectId, outline.Project.Name, named.Value))
            {
                throw ApiConnection.NotFound(RailwayResourceKind.Project, string.Format(Messages.ProjectTokenScope, connection.Credential!.Source, outline.Project.Name, named.Value));
            }
        }
        else if (ApiConnection.LooksLikeId(context.Project!.Value))
        {
            outline = await TryGetOutlineAsync(context.Project.Value, cancellationToken).ConfigureAwait(false);
        }

        if (outline is null)
        {
            var project = await ResolveAsync(context.Project?.Value, cancellationToken).ConfigureAwait(false);
            if (environmentName is null && serviceName is null)
            {
                return new ResolvedTarget(project, null, null);
            }

            outline = await TryGetOutlineAsync(project.ProjectId, cancellationToken).ConfigureAwait(false)
                ?? new ProjectOutline(project, Array.Empty<RailwayEnvironment>(), false, Array.Empty<RailwayService>(), false);
        }

        var environment = environmentName is null ? null
            : outline.Environments.FirstOrDefault(each => ApiConnection.Matches(each.EnvironmentId, each.Name, environmentName))
              ?? (outline.AllEnvironments
                  ? throw EnvironmentsClient.NotFound(outline.Project, environmentName, outline.Environments.Select(each => each.Name))
                  : await railway.Environments.ResolveAsync(outline.Project, environmentName, cancellationToken).ConfigureAwait(false));
        var service = serviceName is null ? null
            : outline.Services.FirstOrDefault(each => ApiConnection.Matches(each.ServiceId, each.Name, serviceName))
              ?? (outline.AllServices
                  ? throw ServiceNotFound(outline.Project, serviceName, outline.Services.Select(each => each.Name))
                  : await ResolveServiceAsync(outline.Project, serviceName, cancellationToken).ConfigureAwait(false));
        return new ResolvedTarget(outline.Project, environment, service);
    }

    /// <summary>All projects at once: walks over every project need the whole list before the first inner page.</summary>
    internal async Task<List<RailwayProject>> ListAllAsync(CancellationToken cancellationToken)
    {
        var projects = new List<RailwayProject>();
        await foreach (var project in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            projects.Add(project);
        }

        return projects;
    }

    /// <summary>A project with the first page of its environments and services; null when Railway does not know the id.</summary>
    private async Task<ProjectOutline?> TryGetOutlineAsync(string projectId, CancellationToken cancellationToken)
    {
        JsonElement data;
        try
        {
            data = await connection.QueryAsync("ProjectOutline", new JsonObject { ["id"] = projectId, ["first"] = ApiConnection.PageSize }, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (exception.Kind is RailwayApiErrorKind.NotFound or RailwayApiErrorKind.GraphQL)
        {
            return null;
        }

        var node = ApiConnection.Field(data, "project");
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var project = Map(node);
        var environments = ApiConnection.Field(node, "environments");
        var services = ApiConnection.Field(node, "services");
        return new ProjectOutline(
            project,
            ApiConnection.Nodes(environments).Select(each => EnvironmentsClient.Map(each, project.Name)).ToList(),
            !ApiConnection.HasNextPage(environments),
            ApiConnection.Nodes(services).Select(each => MapService(each, project.Name)).ToList(),
            !ApiConnection.HasNextPage(services));
    }

    private sealed record ProjectOutline(
        RailwayProject Project,
        IReadOnlyList<RailwayEnvironment> Environments,
        bool AllEnvironments,
        IReadOnlyList<RailwayService> Services,
        bool AllServices);

    /// <summary>A Project node (the ProjectFields selection) as the module's object.</summary>
    internal static RailwayProject Map(JsonElement node) => new()
    {
        ProjectId = ModelMapper.RequiredString(node, "id"),
        Name = ModelMapper.RequiredString(node, "name"),
        Description = ModelMapper.String(node, "description"),
        CreatedAt = ModelMapper.Date(node, "createdAt"),
        UpdatedAt = ModelMapper.Date(node, "updatedAt"),
        WorkspaceId = ModelMapper.String(node, "workspaceId"),
    };

    /// <summary>A Service node (the ServiceFields selection) as the module's object.</summary>
    internal static RailwayService MapService(JsonElement node, string? projectName) => new()
    {
        ServiceId = ModelMapper.RequiredString(node, "id"),
        Name = ModelMapper.RequiredString(node, "name"),
        ProjectId = ModelMapper.RequiredString(node, "projectId"),
        ProjectName = projectName,
        CreatedAt = ModelMapper.Date(node, "createdAt"),
    };
}
