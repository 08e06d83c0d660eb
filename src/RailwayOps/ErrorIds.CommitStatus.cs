namespace RailwayOps;

public static partial class ErrorIds
{
    // Get-RailwayCommitStatus.
    public const string GitHubUnauthorized = "RailwayGitHubUnauthorized";
    public const string GitHubForbidden = "RailwayGitHubForbidden";
    public const string GitHubRepositoryNotFound = "RailwayGitHubRepositoryNotFound";
    public const string GitHubCommitNotFound = "RailwayGitHubCommitNotFound";
    public const string GitHubRateLimited = "RailwayGitHubRateLimited";
    public const string GitHubTimeout = "RailwayGitHubTimeout";
    public const string GitHubConnectionFailed = "RailwayGitHubConnectionFailed";
    public const string GitHubInsecureEndpoint = "RailwayGitHubInsecureEndpoint";
    public const string GitHubError = "RailwayGitHubError";
    public const string GitHubInvalidRef = "RailwayGitHubInvalidRef";
    public const string GitHubInvalidRepository = "RailwayGitHubInvalidRepository";
    public const string GitHubInvalidToken = "RailwayGitHubInvalidToken";
    public const string CommitStatusNoRepository = "RailwayCommitStatusNoRepository";
    public const string CommitStatusNoCommit = "RailwayCommitStatusNoCommit";
}
