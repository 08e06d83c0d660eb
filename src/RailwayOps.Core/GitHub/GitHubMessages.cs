namespace RailwayOps.Core.GitHub;

/// <summary>Every user-facing text of the GitHub reader; none receives a token.</summary>
public static class GitHubMessages
{
    /// <summary>{0} token source, {1} server message.</summary>
    public const string Unauthorized = "GitHub refused the GitHub token from {0} (HTTP 401: {1}). Check or replace that token.";

    /// <summary>{0} server message.</summary>
    public const string UnauthorizedNoToken = "GitHub answered HTTP 401 ({0}) and no GitHub token was found: pass -GitHubToken, or set GITHUB_TOKEN or GH_TOKEN.";

    /// <summary>{0} repository, {1} token description, {2} server message.</summary>
    public const string RepositoryNotFound = "GitHub has no repository {0} that {1} can see ({2}).";

    /// <summary>{0} reference, {1} repository, {2} server message.</summary>
    public const string CommitNotFound = "GitHub has no commit '{0}' in {1} ({2}).";

    /// <summary>{0} token description, {1} server message.</summary>
    public const string Forbidden = "GitHub denied access (HTTP 403) to {0}: {1}";

    /// <summary>{0} reset time.</summary>
    public const string RateLimited = "GitHub's rate limit is spent; it resets at {0:u}.";

    /// <summary>{0} API URL, {1} cause.</summary>
    public const string Transport = "Could not reach GitHub at {0}: {1}";

    /// <summary>{0} API URL, {1} seconds.</summary>
    public const string Timeout = "GitHub at {0} did not answer within {1} seconds.";

    /// <summary>{0} status code, {1} server message.</summary>
    public const string ApiError = "GitHub answered HTTP {0}: {1}";

    /// <summary>{0} API URL.</summary>
    public const string InsecureEndpoint = "Refusing to send a GitHub token to {0}: the GitHub API URL must use https unless it is a loopback address.";

    /// <summary>{0} the ref (control characters escaped), {1} what is wrong with it.</summary>
    public const string InvalidReference = "'{0}' is not a commit SHA, branch or tag name git allows ({1}); nothing was sent to GitHub.";

    /// <summary>{0} owner/name (control characters escaped).</summary>
    public const string InvalidRepository = "'{0}' is not a GitHub repository name: the owner takes letters, digits and '-', the name letters, digits, '.', '-' and '_' (not '.' or '..'); nothing was sent to GitHub.";

    public const string RefLength = "it must be 1 to 255 characters long";

    public const string RefCharacter = "it holds a space, a control character or one of ~ ^ : ? * [ \\";

    public const string RefSequence = "it holds '..' or '@{', or is '@'";

    public const string RefSlash = "it starts or ends with '/' or ends with '.', or holds '//'";

    public const string RefSegment = "a part between slashes starts with '.' or ends with '.lock'";

    /// <summary>{0} token source.</summary>
    public const string TokenDescription = "the GitHub token from {0}";

    public const string Anonymous = "an anonymous request";

    /// <summary>{0} repository, {1} reference, {2} sha.</summary>
    public const string Reading = "Reading commit statuses and GitHub Deployments of {0} at {1} ({2}).";

    /// <summary>{0} statuses, {1} deployments.</summary>
    public const string Found = "Found {0} commit status context(s) and {1} GitHub Deployment(s).";

    /// <summary>Formats a message; the user info of any URL in it (a GITHUB_API_URL with a token in it) is masked.</summary>
    public static string Format(string format, params object?[] arguments) =>
        Secrets.UrlRedaction.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, arguments));
}
