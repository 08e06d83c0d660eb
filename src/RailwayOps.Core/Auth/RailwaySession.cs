namespace RailwayOps.Core.Auth;

/// <summary>
/// The defaults Connect-Railway (or Start-RailwayEmulator) set for a runspace. Targets and the GitHub
/// settings are the last layer of resolution; the session's token outranks the environment variables and
/// the CLI login wherever the session's endpoint is in use (see <see cref="ContextResolver"/>).
/// </summary>
public sealed record RailwaySession
{
    public Uri? Endpoint { get; init; }

    public RailwayCredential? Credential { get; init; }

    public string? Project { get; init; }

    public string? Environment { get; init; }

    public string? Service { get; init; }

    public GitHubCredential? GitHubCredential { get; init; }

    public Uri? GitHubApiUrl { get; init; }

    /// <summary>
    /// What a second Connect-Railway leaves: each value it was given replaces the earlier one, the rest are
    /// kept. A token stays only with the endpoint it was given for, so pointing the session elsewhere
    /// drops it; a new project drops the earlier environment and service, which belonged to the old one.
    /// </summary>
    public static RailwaySession Update(RailwaySession? previous, RailwaySession given)
    {
        ArgumentNullException.ThrowIfNull(given);
        if (previous is null)
        {
            return given;
        }

        var endpoint = given.Endpoint ?? previous.Endpoint;
        var gitHubApiUrl = given.GitHubApiUrl ?? previous.GitHubApiUrl;
        var sameProject = given.Project is null || string.Equals(given.Project, previous.Project, StringComparison.OrdinalIgnoreCase);
        return new RailwaySession
        {
            Endpoint = endpoint,
            Credential = given.Credential ?? (SameUri(previous.Endpoint, endpoint) ? previous.Credential : null),
            Project = given.Project ?? previous.Project,
            Environment = given.Environment ?? (sameProject ? previous.Environment : null),
            Service = given.Service ?? (sameProject ? previous.Service : null),
            GitHubCredential = given.GitHubCredential ?? (SameUri(previous.GitHubApiUrl, gitHubApiUrl) ? previous.GitHubCredential : null),
            GitHubApiUrl = gitHubApiUrl,
        };
    }

    /// <summary>
    /// This session (a new connection, such as an emulator's) with the targets of <paramref name="previous"/>
    /// kept where it names none: Start-RailwayEmulator replaces the endpoint and tokens, not the user's
    /// project, environment and service.
    /// </summary>
    public RailwaySession WithTargetsOf(RailwaySession? previous) => previous is null
        ? this
        : this with
        {
            Project = Project ?? previous.Project,
            Environment = Environment ?? previous.Environment,
            Service = Service ?? previous.Service,
        };

    private static bool SameUri(Uri? left, Uri? right) =>
        left is null || right is null
            ? left is null && right is null
            : Uri.Compare(left, right, UriComponents.AbsoluteUri, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
