namespace RailwayOps.Core.Auth;

/// <summary>What a cmdlet's parameters said; every property is optional.</summary>
public sealed record ResolutionRequest
{
    public Uri? Endpoint { get; init; }

    public RailwayCredential? Credential { get; init; }

    public string? Project { get; init; }

    public string? Environment { get; init; }

    public string? Service { get; init; }

    public GitHubCredential? GitHubCredential { get; init; }

    public Uri? GitHubApiUrl { get; init; }

    /// <summary>The current PowerShell location (not the process working directory): the linked-project lookup starts here.</summary>
    public string? CurrentDirectory { get; init; }
}
