namespace RailwayOps;

internal static partial class CmdletText
{
    public const string CommitStatusNoRepository = "Could not tell which GitHub repository to read: {0} Pass -Repository owner/name.";
    public const string CommitStatusLocalOrigin = "the 'origin' remote of {0} is the folder {1} on this machine, not a GitHub repository.";
    public const string CommitStatusNoOwnerName = "the 'origin' remote of {0} names no owner/name.";
    public const string CommitStatusNoCommit = "Could not read HEAD of the git repository at {0}: {1} Pass -Ref.";
    public const string CommitStatusTarget = "Reading {0} at {1} from {2} with {3}.";
    public const string CommitStatusAnonymous = "no GitHub token";
    public const string RecommendedGitHubToken = "Pass -GitHubToken, or set GITHUB_TOKEN or GH_TOKEN to a token that can read the repository's statuses and deployments.";
}
