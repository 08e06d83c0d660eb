using RailwayOps.Core.Auth;
using RailwayOps.Core.Secrets;

namespace RailwayOps;

/// <summary>
/// What resolution decided and where each value came from, for display. It never holds any part of
/// a token: only the token's kind and source.
/// </summary>
public sealed class RailwayContextInfo
{
    public required Uri Endpoint { get; init; }

    public required string EndpointSource { get; init; }

    public RailwayTokenKind? TokenKind { get; init; }

    public string? TokenSource { get; init; }

    /// <summary>Other sources that hold a token here but are outranked by <see cref="TokenSource"/> (none are ever shown).</summary>
    public string[] OutrankedTokenSources { get; init; } = Array.Empty<string>();

    public string? Project { get; init; }

    public string? ProjectSource { get; init; }

    public string? Environment { get; init; }

    public string? EnvironmentSource { get; init; }

    public string? Service { get; init; }

    public string? ServiceSource { get; init; }

    /// <summary>The folder whose `railway link` applies to the current location, if any.</summary>
    public string? LinkedProjectPath { get; init; }

    public int HttpTimeoutSec { get; init; }

    public required string HttpTimeoutSource { get; init; }

    public required Uri GitHubApiUrl { get; init; }

    public required string GitHubApiUrlSource { get; init; }

    public string? GitHubTokenSource { get; init; }

    public static RailwayContextInfo From(RailwayContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new RailwayContextInfo
        {
            // A user:password@ in the endpoint is a credential too: shown masked, like every URL the module prints.
            Endpoint = UrlRedaction.Redact(context.Endpoint.Value),
            EndpointSource = context.Endpoint.Source.ToString(),
            TokenKind = context.Credential?.Kind,
            TokenSource = context.Credential?.Source.ToString(),
            OutrankedTokenSources = context.OutrankedTokenSources.Select(source => source.ToString()).ToArray(),
            Project = context.Project?.Value,
            ProjectSource = context.Project?.Source.ToString(),
            Environment = context.Environment?.Value,
            EnvironmentSource = context.Environment?.Source.ToString(),
            Service = context.Service?.Value,
            ServiceSource = context.Service?.Source.ToString(),
            LinkedProjectPath = context.LinkedProject?.ProjectPath,
            HttpTimeoutSec = (int)context.HttpTimeout.Value.TotalSeconds,
            HttpTimeoutSource = context.HttpTimeout.Source.ToString(),
            GitHubApiUrl = context.GitHubApiUrl.Value,
            GitHubApiUrlSource = context.GitHubApiUrl.Source.ToString(),
            GitHubTokenSource = context.GitHubCredential?.Source.ToString(),
        };
    }
}
