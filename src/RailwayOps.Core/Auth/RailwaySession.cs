namespace RailwayOps.Core.Auth;

/// <summary>
/// The defaults Connect-Railway (or Start-RailwayEmulator) set for a runspace: the last layer of
/// resolution, consulted only when parameters, environment variables and the CLI config say nothing.
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
}
