using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Text;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    /// <summary>Every project the token can see; a project token sees its own project only.</summary>
    public async IAsyncEnumerable<RailwayProject> GetProjectsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (IsProjectToken)
        {
            var scope = await GetProjectTokenAsync(cancellationToken).ConfigureAwait(false);
            yield return await GetProjectAsync(scope.ProjectId, cancellationToken).ConfigureAwait(false);
            yield break;
        }

        await foreach (var node in PageAsync("Projects", new JsonObject(), data => Field(data, "projects"), null, cancellationToken).ConfigureAwait(false))
        {
            yield return ModelMapper.Project(node);
        }
    }

    public async Task<RailwayProject> GetProjectAsync(string projectId, CancellationToken cancellationToken)
    {
        try
        {
            var data = await transport.QueryAsync("Project", new JsonObject { ["id"] = projectId }, cancellationToken).ConfigureAwait(false);
            return ModelMapper.Project(Field(data, "project"));
        }
        catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.NotFound)
        {
            throw new RailwayApiException(RailwayApiErrorKind.NotFound, string.Format(Messages.ProjectNotFound, projectId, TokenDescription), exception)
            {
                OperationName = exception.OperationName,
                ServerMessage = exception.ServerMessage,
                Resource = RailwayResourceKind.Project,
            };
        }
    }

    /// <summary>The project and environment a project token is scoped to.</summary>
    public async Task<RailwayProjectTokenInfo> GetProjectTokenAsync(CancellationToken cancellationToken)
    {
        var data = await transport.QueryAsync("ProjectToken", null, cancellationToken).ConfigureAwait(false);
        var node = Field(data, "projectToken");
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
    /// A project by name (case-insensitive) or id. With a project token and no name, the token's
    /// own project; with a name that is not the token's project, NotFound.
    /// </summary>
    public async Task<RailwayProject> ResolveProjectAsync(string? nameOrId, CancellationToken cancellationToken)
    {
        if (IsProjectToken)
        {
            var scope = await GetProjectTokenAsync(cancellationToken).ConfigureAwait(false);
            var project = await GetProjectAsync(scope.ProjectId, cancellationToken).ConfigureAwait(false);
            if (nameOrId is null || Matches(project.ProjectId, project.Name, nameOrId))
            {
                return project;
            }

            throw NotFound(RailwayResourceKind.Project, string.Format(Messages.ProjectTokenScope, transport.Options.Credential!.Source, project.Name, nameOrId));
        }

        if (string.IsNullOrWhiteSpace(nameOrId))
        {
            throw new ResolutionException(ResolutionErrorKind.ProjectRequired, string.Format(Messages.ProjectRequired, "Project"));
        }

        var seen = new List<string>();
        await foreach (var project in GetProjectsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Matches(project.ProjectId, project.Name, nameOrId))
            {
                return project;
            }

            seen.Add(project.Name);
        }

        // Not in the list (another workspace, or a deleted project): an id may still resolve directly.
        try
        {
            return await GetProjectAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (exception.Kind is RailwayApiErrorKind.NotFound or RailwayApiErrorKind.GraphQL)
        {
            // The way forward: the names this token can use.
            throw NotFound(RailwayResourceKind.Project,
                string.Format(Messages.ProjectNotFoundListed, TerminalText.Name(nameOrId), TokenDescription, TerminalText.List(seen)), exception.ServerMessage);
        }
    }

    /// <summary>The environments of a project, or of every visible project when <paramref name="project"/> is null.</summary>
    public async IAsyncEnumerable<RailwayEnvironment> GetEnvironmentsAsync(
        RailwayProject? project,
        bool? isEphemeral,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (project is null)
        {
            foreach (var each in await ListProjectsAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var environment in GetEnvironmentsAsync(each, isEphemeral, cancellationToken).ConfigureAwait(false))
                {
                    yield return environment;
                }
            }

            yield break;
        }

        var variables = new JsonObject { ["projectId"] = project.ProjectId, ["isEphemeral"] = isEphemeral };
        await foreach (var node in PageAsync("Environments", variables, data => Field(data, "environments"), null, cancellationToken).ConfigureAwait(false))
        {
            yield return ModelMapper.Environment(node, project.Name);
        }
    }

    public async Task<RailwayEnvironment> ResolveEnvironmentAsync(RailwayProject project, string nameOrId, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        await foreach (var environment in GetEnvironmentsAsync(project, null, cancellationToken).ConfigureAwait(false))
        {
            if (Matches(environment.EnvironmentId, environment.Name, nameOrId))
            {
                return environment;
            }

            seen.Add(environment.Name);
        }

        throw EnvironmentNotFound(project, nameOrId, seen);
    }

    private static RailwayApiException EnvironmentNotFound(RailwayProject project, string nameOrId, IEnumerable<string> environments) =>
        NotFound(RailwayResourceKind.Environment,
            string.Format(Messages.EnvironmentNotFoundListed, TerminalText.Name(nameOrId), TerminalText.Name(project.Name), TerminalText.List(environments)));

    /// <summary>The services of a project, or of every visible project when <paramref name="project"/> is null.</summary>
    public async IAsyncEnumerable<RailwayService> GetServicesAsync(RailwayProject? project, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (project is null)
        {
            foreach (var each in await ListProjectsAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var service in GetServicesAsync(each, cancellationToken).ConfigureAwait(false))
                {
                    yield return service;
                }
            }

            yield break;
        }

        var variables = new JsonObject { ["projectId"] = project.ProjectId };
        await foreach (var node in PageAsync("Services", variables, data => Field(Field(data, "project"), "services"), null, cancellationToken).ConfigureAwait(false))
        {
            yield return ModelMapper.Service(node, project.Name);
        }
    }

    public async Task<RailwayService> ResolveServiceAsync(RailwayProject project, string nameOrId, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        await foreach (var service in GetServicesAsync(project, cancellationToken).ConfigureAwait(false))
        {
            if (Matches(service.ServiceId, service.Name, nameOrId))
            {
                return service;
            }

            seen.Add(service.Name);
        }

        throw ServiceNotFound(project, nameOrId, seen);
    }

    private static RailwayApiException ServiceNotFound(RailwayProject project, string nameOrId, IEnumerable<string> services) =>
        NotFound(RailwayResourceKind.Service,
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
        if (context.Project is null && !IsProjectToken)
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
        if (IsProjectToken)
        {
            // The token names its project and environment: one read of each, the project with its outline.
            var scope = await GetProjectTokenAsync(cancellationToken).ConfigureAwait(false);
            environmentName ??= scope.EnvironmentId;
            outline = await TryGetProjectOutlineAsync(scope.ProjectId, cancellationToken).ConfigureAwait(false);
            if (outline is not null && context.Project is { } named && !Matches(outline.Project.ProjectId, outline.Project.Name, named.Value))
            {
                throw NotFound(RailwayResourceKind.Project, string.Format(Messages.ProjectTokenScope, transport.Options.Credential!.Source, outline.Project.Name, named.Value));
            }
        }
        else if (LooksLikeId(context.Project!.Value))
        {
            outline = await TryGetProjectOutlineAsync(context.Project.Value, cancellationToken).ConfigureAwait(false);
        }

        if (outline is null)
        {
            var project = await ResolveProjectAsync(context.Project?.Value, cancellationToken).ConfigureAwait(false);
            if (environmentName is null && serviceName is null)
            {
                return new ResolvedTarget(project, null, null);
            }

            outline = await TryGetProjectOutlineAsync(project.ProjectId, cancellationToken).ConfigureAwait(false)
                ?? new ProjectOutline(project, Array.Empty<RailwayEnvironment>(), false, Array.Empty<RailwayService>(), false);
        }

        var environment = environmentName is null ? null
            : outline.Environments.FirstOrDefault(each => Matches(each.EnvironmentId, each.Name, environmentName))
              ?? (outline.AllEnvironments
                  ? throw EnvironmentNotFound(outline.Project, environmentName, outline.Environments.Select(each => each.Name))
                  : await ResolveEnvironmentAsync(outline.Project, environmentName, cancellationToken).ConfigureAwait(false));
        var service = serviceName is null ? null
            : outline.Services.FirstOrDefault(each => Matches(each.ServiceId, each.Name, serviceName))
              ?? (outline.AllServices
                  ? throw ServiceNotFound(outline.Project, serviceName, outline.Services.Select(each => each.Name))
                  : await ResolveServiceAsync(outline.Project, serviceName, cancellationToken).ConfigureAwait(false));
        return new ResolvedTarget(outline.Project, environment, service);
    }

    /// <summary>Railway's ids are UUIDs; anything else given for a project is a name.</summary>
    internal static bool LooksLikeId(string? value) => Guid.TryParse(value, out _);

    /// <summary>A project with the first page of its environments and services; null when Railway does not know the id.</summary>
    private async Task<ProjectOutline?> TryGetProjectOutlineAsync(string projectId, CancellationToken cancellationToken)
    {
        JsonElement data;
        try
        {
            data = await transport.QueryAsync("ProjectOutline", new JsonObject { ["id"] = projectId, ["first"] = PageSize }, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (exception.Kind is RailwayApiErrorKind.NotFound or RailwayApiErrorKind.GraphQL)
        {
            return null;
        }

        var node = Field(data, "project");
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var project = ModelMapper.Project(node);
        var environments = Field(node, "environments");
        var services = Field(node, "services");
        return new ProjectOutline(
            project,
            Nodes(environments).Select(each => ModelMapper.Environment(each, project.Name)).ToList(),
            !HasNextPage(environments),
            Nodes(services).Select(each => ModelMapper.Service(each, project.Name)).ToList(),
            !HasNextPage(services));
    }

    private sealed record ProjectOutline(
        RailwayProject Project,
        IReadOnlyList<RailwayEnvironment> Environments,
        bool AllEnvironments,
        IReadOnlyList<RailwayService> Services,
        bool AllServices);

    /// <summary>All projects at once: walks over every project need the whole list before the first inner page.</summary>
    private async Task<List<RailwayProject>> ListProjectsAsync(CancellationToken cancellationToken)
    {
        var projects = new List<RailwayProject>();
        await foreach (var project in GetProjectsAsync(cancellationToken).ConfigureAwait(false))
        {
            projects.Add(project);
        }

        return projects;
    }

    private static RailwayApiException NotFound(RailwayResourceKind resource, string message, string? serverMessage = null) =>
        new(RailwayApiErrorKind.NotFound, message) { Resource = resource, ServerMessage = serverMessage };
}
