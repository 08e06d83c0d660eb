using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using RailwayOps.Core.Auth;

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

        await foreach (var project in GetProjectsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Matches(project.ProjectId, project.Name, nameOrId))
            {
                return project;
            }
        }

        // Not in the list (another workspace, or a deleted project): an id may still resolve directly.
        try
        {
            return await GetProjectAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (exception.Kind is RailwayApiErrorKind.NotFound or RailwayApiErrorKind.GraphQL)
        {
            throw NotFound(RailwayResourceKind.Project, string.Format(Messages.ProjectNotFound, nameOrId, TokenDescription), exception.ServerMessage);
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
        await foreach (var environment in GetEnvironmentsAsync(project, null, cancellationToken).ConfigureAwait(false))
        {
            if (Matches(environment.EnvironmentId, environment.Name, nameOrId))
            {
                return environment;
            }
        }

        throw NotFound(RailwayResourceKind.Environment, string.Format(Messages.EnvironmentNotFound, nameOrId, project.Name));
    }

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
        await foreach (var service in GetServicesAsync(project, cancellationToken).ConfigureAwait(false))
        {
            if (Matches(service.ServiceId, service.Name, nameOrId))
            {
                return service;
            }
        }

        throw NotFound(RailwayResourceKind.Service, string.Format(Messages.ServiceNotFound, nameOrId, project.Name));
    }

    /// <summary>
    /// Resolves the context's project, environment and service to objects. With a project token the
    /// token's environment is the default environment. Returns null when no project is set anywhere.
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

        var project = await ResolveProjectAsync(context.Project?.Value, cancellationToken).ConfigureAwait(false);
        var environmentName = context.Environment?.Value;
        if (environmentName is null && IsProjectToken)
        {
            environmentName = (await GetProjectTokenAsync(cancellationToken).ConfigureAwait(false)).EnvironmentId;
        }

        var environment = environmentName is null ? null : await ResolveEnvironmentAsync(project, environmentName, cancellationToken).ConfigureAwait(false);
        var service = context.Service is null ? null : await ResolveServiceAsync(project, context.Service.Value, cancellationToken).ConfigureAwait(false);
        return new ResolvedTarget(project, environment, service);
    }

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
