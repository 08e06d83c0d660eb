using System.Text.Json;
using RailwayOps.Emulator.Git;

namespace RailwayOps.Emulator.GitHub;

/// <summary>GitHub REST response shapes (snake_case, as Octokit deserialises them).</summary>
public static class GitHubJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static object User(string login, long id = 1) => new
    {
        login,
        id,
        node_id = $"U_{id}",
        type = login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User",
        site_admin = false,
    };

    public static object Repository(HostedRepository repository, string baseUrl) => new
    {
        id = StableId(repository.Repo),
        node_id = "R_" + repository.Repo,
        name = repository.Name,
        full_name = repository.Repo,
        owner = User(repository.Owner, 2),
        @private = false,
        default_branch = repository.DefaultBranch,
        url = $"{baseUrl}repos/{repository.Repo}",
        html_url = $"{baseUrl}repos/{repository.Repo}",
        clone_url = repository.Path,
        git_url = repository.Path,
    };

    public static object CommitStatus(CommitStatusEntry status, string baseUrl) => new
    {
        id = status.Id,
        node_id = $"SC_{status.Id}",
        url = $"{baseUrl}repos/{status.Repo}/statuses/{status.Sha}",
        state = status.State,
        target_url = status.TargetUrl,
        description = status.Description,
        context = status.Context,
        creator = User(status.Creator, status.Creator == GitHubReporter.BotLogin ? 68434857 : 3),
        created_at = status.CreatedAt,
        updated_at = status.UpdatedAt,
    };

    public static object Deployment(GitHubDeploymentEntry deployment, string baseUrl) => new
    {
        id = deployment.Id,
        node_id = $"DE_{deployment.Id}",
        url = $"{baseUrl}repos/{deployment.Repo}/deployments/{deployment.Id}",
        sha = deployment.Sha,
        @ref = deployment.Ref,
        task = deployment.Task,
        environment = deployment.Environment,
        original_environment = deployment.Environment,
        payload = deployment.Payload,
        description = deployment.Description,
        creator = User(deployment.Creator, deployment.Creator == GitHubReporter.BotLogin ? 68434857 : 3),
        created_at = deployment.CreatedAt,
        updated_at = deployment.CreatedAt,
        statuses_url = $"{baseUrl}repos/{deployment.Repo}/deployments/{deployment.Id}/statuses",
        repository_url = $"{baseUrl}repos/{deployment.Repo}",
        transient_environment = deployment.TransientEnvironment,
        production_environment = deployment.ProductionEnvironment,
    };

    public static object DeploymentStatus(GitHubDeploymentStatusEntry status, GitHubDeploymentEntry deployment, string baseUrl) => new
    {
        id = status.Id,
        node_id = $"DES_{status.Id}",
        url = $"{baseUrl}repos/{deployment.Repo}/deployments/{deployment.Id}/statuses/{status.Id}",
        state = status.State,
        description = status.Description,
        environment = deployment.Environment,
        target_url = status.LogUrl ?? "",
        log_url = status.LogUrl ?? "",
        environment_url = status.EnvironmentUrl ?? "",
        creator = User(status.Creator, status.Creator == GitHubReporter.BotLogin ? 68434857 : 3),
        created_at = status.CreatedAt,
        updated_at = status.CreatedAt,
        deployment_url = $"{baseUrl}repos/{deployment.Repo}/deployments/{deployment.Id}",
        repository_url = $"{baseUrl}repos/{deployment.Repo}",
    };

    public static object PullRequest(PullRequestEntry pullRequest, HostedRepository repository, string? headSha,
        string? baseSha, string baseUrl) => new
    {
        id = pullRequest.Id,
        node_id = $"PR_{pullRequest.Id}",
        number = pullRequest.Number,
        state = pullRequest.State,
        title = pullRequest.Title,
        body = pullRequest.Body,
        url = $"{baseUrl}repos/{repository.Repo}/pulls/{pullRequest.Number}",
        html_url = $"{baseUrl}repos/{repository.Repo}/pulls/{pullRequest.Number}",
        user = User("emulator-user", 3),
        head = Branch(repository, pullRequest.Head, headSha, baseUrl),
        @base = Branch(repository, pullRequest.Base, baseSha, baseUrl),
        merged = pullRequest.Merged,
        mergeable = pullRequest.State == "open" ? true : (bool?)null,
        merge_commit_sha = pullRequest.MergeCommitSha,
        draft = false,
        created_at = pullRequest.CreatedAt,
        updated_at = pullRequest.UpdatedAt,
        closed_at = pullRequest.ClosedAt,
        merged_at = pullRequest.MergedAt,
    };

    private static object Branch(HostedRepository repository, string branch, string? sha, string baseUrl) => new
    {
        label = $"{repository.Owner}:{branch}",
        @ref = branch,
        sha = sha ?? "",
        user = User(repository.Owner, 2),
        repo = Repository(repository, baseUrl),
    };

    /// <summary>The same id for a repository in every run (string hash codes are randomised per process).</summary>
    private static long StableId(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToLowerInvariant()));
        return BitConverter.ToInt64(hash, 0) & 0x7FFFFFFF;
    }

    public static object Message(string message) => new
    {
        message,
        documentation_url = "https://docs.github.com/rest",
    };
}
