using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Text;

namespace RailwayOps.Core.Railway;

/// <summary>A project's environments (<c>railway.Environments</c>), listed and resolved; the operations are the .graphql files beside this one.</summary>
public sealed class EnvironmentsClient
{
    private readonly ApiConnection connection;
    private readonly RailwayClient railway;

    internal EnvironmentsClient(ApiConnection connection, RailwayClient railway)
    {
        this.connection = connection;
        this.railway = railway;
    }

    /// <summary>The environments of a project, or of every visible project when <paramref name="project"/> is null.</summary>
    public async IAsyncEnumerable<RailwayEnvironment> ListAsync(
        RailwayProject? project,
        bool? isEphemeral,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (project is null)
        {
            foreach (var each in await railway.Projects.ListAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await foreach (var environment in ListAsync(each, isEphemeral, cancellationToken).ConfigureAwait(false))
                {
                    yield return environment;
                }
            }

            yield break;
        }

        var variables = new JsonObject { ["projectId"] = project.ProjectId, ["isEphemeral"] = isEphemeral };
        await foreach (var node in connection.PageAsync("Environments", variables, data => ApiConnection.Field(data, "environments"), null, cancellationToken).ConfigureAwait(false))
        {
            yield return Map(node, project.Name);
        }
    }

    /// <summary>The project's environment named (case-insensitive) or with the id <paramref name="nameOrId"/>; NotFound lists the names there are.</summary>
    public async Task<RailwayEnvironment> ResolveAsync(RailwayProject project, string nameOrId, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        await foreach (var environment in ListAsync(project, null, cancellationToken).ConfigureAwait(false))
        {
            if (ApiConnection.Matches(environment.EnvironmentId, environment.Name, nameOrId))
            {
                return environment;
            }

            seen.Add(environment.Name);
        }

        throw NotFound(project, nameOrId, seen);
    }

    internal static RailwayApiException NotFound(RailwayProject project, string nameOrId, IEnumerable<string> environments) =>
        ApiConnection.NotFound(RailwayResourceKind.Environment,
            string.Format(Messages.EnvironmentNotFoundListed, TerminalText.Name(nameOrId), TerminalText.Name(project.Name), TerminalText.List(environments)));

    /// <summary>An Environment node (the EnvironmentFields selection) as the module's object.</summary>
    internal static RailwayEnvironment Map(JsonElement node, string? projectName)
    {
        var meta = ModelMapper.Object(node, "meta");
        return new RailwayEnvironment
        {
            EnvironmentId = ModelMapper.RequiredString(node, "id"),
            Name = ModelMapper.RequiredString(node, "name"),
            ProjectId = ModelMapper.RequiredString(node, "projectId"),
            ProjectName = projectName,
            IsEphemeral = ModelMapper.Bool(node, "isEphemeral"),
            PullRequestNumber = meta is { } m ? ModelMapper.Int(m, "prNumber") : null,
            PullRequestTitle = meta is { } t ? ModelMapper.String(t, "prTitle") : null,
            PullRequestRepo = meta is { } r ? ModelMapper.String(r, "prRepo") : null,
            Branch = meta is { } b ? ModelMapper.String(b, "branch") : null,
            BaseBranch = meta is { } bb ? ModelMapper.String(bb, "baseBranch") : null,
            SourceEnvironmentId = ModelMapper.Object(node, "sourceEnvironment") is { } source ? ModelMapper.String(source, "id") : null,
            CreatedAt = ModelMapper.Date(node, "createdAt"),
        };
    }
}
