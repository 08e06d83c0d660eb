namespace RailwayOps.Core.Auth;

/// <summary>
/// Everything resolution decided, each value with its source. Project, environment and service
/// hold what the user wrote (a name or an id); the client turns them into ids.
/// </summary>
public sealed record RailwayContext
{
    public const string DefaultEndpoint = "https://backboard.railway.com/graphql/v2";
    public const string DefaultGitHubApiUrl = "https://api.github.com/";
    public const int DefaultHttpTimeoutSeconds = 90;

    public required ResolvedValue<Uri> Endpoint { get; init; }

    /// <summary>Null when no source had a token; operations then fail with a clear "no token" error.</summary>
    public RailwayCredential? Credential { get; init; }

    /// <summary>The other sources that hold a token here but lost to <see cref="Credential"/>, in precedence order.</summary>
    public IReadOnlyList<ValueSource> OutrankedTokenSources { get; init; } = Array.Empty<ValueSource>();

    public ResolvedValue<string>? Project { get; init; }

    public ResolvedValue<string>? Environment { get; init; }

    public ResolvedValue<string>? Service { get; init; }

    /// <summary>The link of the nearest ancestor folder, when one was found (whether or not it won).</summary>
    public LinkedProject? LinkedProject { get; init; }

    public required ResolvedValue<TimeSpan> HttpTimeout { get; init; }

    public GitHubCredential? GitHubCredential { get; init; }

    public required ResolvedValue<Uri> GitHubApiUrl { get; init; }

    /// <summary>Problems noticed while resolving (an unparseable config file, an invalid RAILWAY_HTTP_TIMEOUT).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();
}
