namespace RailwayOps.Core.GitHub;

/// <summary>Why a GitHub call failed; the cmdlet maps each kind to an ErrorId and a category.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum GitHubApiErrorKind
{
    Unauthorized,
    Forbidden,
    RepositoryNotFound,
    CommitNotFound,
    RateLimited,
    Timeout,
    Transport,
    InsecureEndpoint,

    /// <summary>The ref is not a name git allows (check-ref-format); nothing was sent.</summary>
    InvalidReference,

    /// <summary>The owner or repository name is not one GitHub allows; nothing was sent.</summary>
    InvalidRepository,

    /// <summary>The GitHub token holds a character an HTTP header cannot carry; nothing was sent.</summary>
    InvalidToken,
    Other,
}

/// <summary>A GitHub API call failed. The message names the token's source, never the token.</summary>
public sealed class GitHubApiException : Exception
{
    public GitHubApiException(GitHubApiErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public GitHubApiErrorKind Kind { get; }

    /// <summary>The HTTP status code, when an answer arrived.</summary>
    public int? StatusCode { get; init; }
}
