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

    /// <summary>One environment by id, whatever its project (NotFound when there is none).</summary>
    public async Task<RailwayEnvironment> GetAsync(string environmentId, CancellationToken cancellationToken)
    {
        var data = await connection.QueryAsync("Environment", new JsonObject { ["id"] = environmentId }, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "environment"), null);
    }

    /// <summary>environmentCreate: an empty environment, or a fork of <paramref name="sourceEnvironmentId"/> (its services,
    /// settings and variables), which Railway then deploys unless <paramref name="skipInitialDeploys"/>. The call waits
    /// for the changes to be applied (applyChangesInBackground is not set), as the CLI's default does.</summary>
    public async Task<RailwayEnvironment> CreateAsync(RailwayProject project, string name, string? sourceEnvironmentId,
        bool ephemeral, bool skipInitialDeploys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var input = new JsonObject { ["projectId"] = project.ProjectId, ["name"] = name };
        if (sourceEnvironmentId is not null)
        {
            input["sourceEnvironmentId"] = sourceEnvironmentId;
        }

        if (ephemeral)
        {
            input["ephemeral"] = true;
        }

        if (skipInitialDeploys)
        {
            input["skipInitialDeploys"] = true;
        }

        var data = await connection.MutateAsync("EnvironmentCreate", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "environmentCreate"), project.Name);
    }

    /// <summary>environmentRename; the answer is the renamed environment.</summary>
    public async Task<RailwayEnvironment> RenameAsync(RailwayEnvironment environment, string newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrWhiteSpace(newName);
        var data = await connection.MutateAsync("EnvironmentRename", new JsonObject { ["id"] = environment.EnvironmentId, ["name"] = newName }, cancellationToken).ConfigureAwait(false);
        return Map(ApiConnection.Field(data, "environmentRename"), environment.ProjectName);
    }

    /// <summary>environmentDelete: the environment, its deployments and their processes go (Railway answers true).</summary>
    public Task<bool> DeleteAsync(string environmentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentId);
        return connection.MutateFlagAsync("EnvironmentDelete", "environmentDelete", new JsonObject { ["id"] = environmentId }, cancellationToken);
    }

    /// <summary>The rule an environment name is held to before any request: 1-64 letters, digits, '-' or '_', starting
    /// with a letter or digit (the module's own rule, the emulator's too: Railway publishes none).</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Whether <paramref name="environment"/> is the one named (case-insensitive) or with the id <paramref name="nameOrId"/>.</summary>
    public static bool Matches(RailwayEnvironment environment, string nameOrId) =>
        ApiConnection.Matches(environment.EnvironmentId, environment.Name, nameOrId);

    /// <summary>Whether a value is an id (a UUID) rather than a name.</summary>
    public static bool LooksLikeId(string? value) => ApiConnection.LooksLikeId(value);

    /// <summary>The NotFound failure of an environment name in a project, listing the names it has.</summary>
    public static RailwayApiException NotFoundIn(RailwayProject project, string nameOrId, IEnumerable<string> environments) =>
        NotFound(project, nameOrId, environments);

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
