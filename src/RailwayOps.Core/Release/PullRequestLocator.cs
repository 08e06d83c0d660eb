using Octokit;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Git;

namespace RailwayOps.Core.Release;

/// <summary>Finds the open pull request whose head is a branch, through GitHub's REST API (Octokit).</summary>
public sealed class PullRequestLocator
{
    private readonly GitHubClient client;

    public PullRequestLocator(Uri apiUrl, GitHubCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        client = new GitHubClient(new ProductHeaderValue("RailwayOps"), apiUrl);
        if (credential is not null)
        {
            client.Credentials = new Credentials(credential.Token);
        }
    }

    /// <summary>The number of the open pull request from <paramref name="branch"/> (newest first), or null when none is open.</summary>
    /// <exception cref="ReleaseException">GitHub refused or could not be reached.</exception>
    public async Task<int?> FindOpenAsync(GitHubRepositoryName repository, string branch, CancellationToken cancellationToken)
    {
        var request = new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{repository.Owner}:{branch}" };
        try
        {
            // Octokit takes no CancellationToken: stop waiting for it at once and let the request finish alone.
            var pulls = await client.PullRequest
                .GetAllForRepository(repository.Owner, repository.Name, request, new ApiOptions { PageSize = 100, PageCount = 1 })
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            return pulls
                .Where(p => string.Equals(p.Head?.Ref, branch, StringComparison.Ordinal))
                .OrderByDescending(p => p.Number)
                .Select(p => (int?)p.Number)
                .FirstOrDefault();
        }
        catch (Exception exception) when (exception is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ReleaseException(ReleaseFailureKind.EnvironmentNotFound,
                ReleaseMessages.Format(ReleaseMessages.PullRequestLookupFailed, branch, repository, exception.Message), null, exception);
        }
    }
}
