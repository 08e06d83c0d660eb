using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using RailwayOps.Emulator.Git;

namespace RailwayOps.Emulator.GitHub;

public sealed class GitHubApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>Pull requests and the PR environments that follow them (API.md §7): opening creates
/// "&lt;project&gt;-pr-&lt;n&gt;" from the base environment and deploys the head branch; closing or merging
/// deletes it and stops its processes.</summary>
public sealed class PullRequestService(IEmulatorStore store, DeploymentEngine engine, GitHubState state)
{
    public PullRequestEntry Open(HostedRepository repository, string title, string? body, string head, string? baseBranch)
    {
        var headBranch = head.Contains(':') ? head[(head.IndexOf(':') + 1)..] : head;
        var targetBranch = string.IsNullOrEmpty(baseBranch) ? repository.DefaultBranch : baseBranch;
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new GitHubApiException(422, "Validation Failed: title is missing");
        }
        if (engine.Git.BranchHead(repository, headBranch) is null)
        {
            throw new GitHubApiException(422, $"Validation Failed: head '{headBranch}' does not exist");
        }
        if (engine.Git.BranchHead(repository, targetBranch) is null)
        {
            throw new GitHubApiException(422, $"Validation Failed: base '{targetBranch}' does not exist");
        }
        if (headBranch == targetBranch)
        {
            throw new GitHubApiException(422, $"Validation Failed: no commits between {targetBranch} and {headBranch}");
        }
        var pullRequest = state.Change(document =>
        {
            if (document.PullRequests.Any(p => Same(p.Repo, repository.Repo) && p.State == "open" && p.Head == headBranch && p.Base == targetBranch))
            {
                throw new GitHubApiException(422, $"A pull request already exists for {repository.Owner}:{headBranch}.");
            }
            var now = DateTimeOffset.UtcNow;
            var entry = new PullRequestEntry(repository.Repo, document.NextPullRequestNumber(repository.Repo), document.TakeId(),
                title, body, headBranch, targetBranch, "open", false, null, now, now, null, null, []);
            document.PullRequests.Add(entry);
            return entry;
        });
        return CreateEnvironments(repository, pullRequest);
    }

    public PullRequestEntry? Find(string repo, int number) =>
        state.Read(document => document.PullRequests.Find(p => Same(p.Repo, repo) && p.Number == number));

    public IReadOnlyList<PullRequestEntry> List(string repo) =>
        state.Read(document => document.PullRequests.Where(p => Same(p.Repo, repo)).OrderByDescending(p => p.Number).ToList());

    public async Task<PullRequestEntry> UpdateAsync(HostedRepository repository, int number, string? title, string? body, string? newState)
    {
        var current = Find(repository.Repo, number) ?? throw new GitHubApiException(404, "Not Found");
        var updated = Replace(current with
        {
            Title = title ?? current.Title,
            Body = body ?? current.Body,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        return newState switch
        {
            "closed" when updated.State == "open" => await CloseAsync(updated, merged: false, mergeCommit: null),
            "open" when updated.State == "closed" && !updated.Merged =>
                CreateEnvironments(repository, Replace(updated with { State = "open", ClosedAt = null })),
            _ => updated,
        };
    }

    /// <summary>Merges the head into the base in the bare repository (fast-forward when possible),
    /// queues the base branch's push like a real push, and closes the pull request.</summary>
    public async Task<PullRequestEntry> MergeAsync(HostedRepository repository, int number, string? commitTitle)
    {
        var pullRequest = Find(repository.Repo, number) ?? throw new GitHubApiException(404, "Not Found");
        if (pullRequest.State != "open")
        {
            throw new GitHubApiException(405, "Pull Request is not mergeable");
        }
        var headSha = engine.Git.BranchHead(repository, pullRequest.Head) ?? throw new GitHubApiException(405, "Pull Request is not mergeable");
        var baseSha = engine.Git.BranchHead(repository, pullRequest.Base) ?? throw new GitHubApiException(405, "Pull Request is not mergeable");
        var mergeSha = MergeCommit(repository, pullRequest, headSha, baseSha, commitTitle);
        GitCli.RunOrThrow(repository.Path, "update-ref", "refs/heads/" + pullRequest.Base, mergeSha, baseSha);
        QueuePush(repository, baseSha, mergeSha, "refs/heads/" + pullRequest.Base);
        return await CloseAsync(pullRequest, merged: true, mergeCommit: mergeSha);
    }

    private static string MergeCommit(HostedRepository repository, PullRequestEntry pullRequest, string headSha,
        string baseSha, string? commitTitle)
    {
        if (GitCli.Run(repository.Path, "merge-base", "--is-ancestor", baseSha, headSha).Succeeded)
        {
            return headSha;
        }
        var tree = GitCli.Run(repository.Path, "merge-tree", "--write-tree", baseSha, headSha);
        if (!tree.Succeeded)
        {
            throw new GitHubApiException(405, "Pull Request is not mergeable");
        }
        var message = commitTitle ?? $"Merge pull request #{pullRequest.Number} from {repository.Owner}/{pullRequest.Head}";
        return GitCli.RunOrThrow(repository.Path, "-c", "user.name=GitHub", "-c", "user.email=noreply@github.com",
            "commit-tree", tree.StandardOutput.Split('\n')[0].Trim(), "-p", baseSha, "-p", headSha, "-m", message).Trim();
    }

    private static void QueuePush(HostedRepository repository, string oldSha, string newSha, string refName)
    {
        var spool = Path.Combine(repository.Path, GitRepositoryHost.SpoolFolderName);
        Directory.CreateDirectory(spool);
        var name = $"{DateTime.UtcNow.Ticks}-merge-{Guid.NewGuid():N}";
        var temp = Path.Combine(spool, "." + name + ".tmp");
        File.WriteAllText(temp, $"{oldSha} {newSha} {refName}\n");
        File.Move(temp, Path.Combine(spool, name + ".push"));
    }

    private async Task<PullRequestEntry> CloseAsync(PullRequestEntry pullRequest, bool merged, string? mergeCommit)
    {
        foreach (var environmentId in pullRequest.EnvironmentIds)
        {
            await engine.EnvironmentDeletedAsync(environmentId);
            store.DeleteEnvironment(environmentId);
        }
        var now = DateTimeOffset.UtcNow;
        return Replace(pullRequest with
        {
            State = "closed",
            Merged = merged,
            MergeCommitSha = mergeCommit,
            ClosedAt = now,
            MergedAt = merged ? now : null,
            UpdatedAt = now,
            EnvironmentIds = [],
        });
    }

    private PullRequestEntry CreateEnvironments(HostedRepository repository, PullRequestEntry pullRequest)
    {
        var headSha = engine.Git.BranchHead(repository, pullRequest.Head);
        var environmentIds = new List<string>();
        var baseInstances = store.ServiceInstancesTrackingRepo(repository.Repo, pullRequest.Base)
            .Where(i => store.GetEnvironment(i.EnvironmentId) is { IsEphemeral: false })
            .GroupBy(i => i.ProjectId);
        foreach (var project in baseInstances)
        {
            var source = project.First();
            var environment = store.CreatePullRequestEnvironment(source.ProjectId, source.EnvironmentId,
                $"{Slug(source.ProjectName)}-pr-{pullRequest.Number}", pullRequest.Number, pullRequest.Title,
                repository.Repo, pullRequest.Head, pullRequest.Base);
            environmentIds.Add(environment.Id);
            foreach (var instance in store.GetServiceInstances(environment.Id)
                .Where(i => string.Equals(i.Repo, repository.Repo, StringComparison.OrdinalIgnoreCase)))
            {
                engine.Deploy(environment.Id, instance.ServiceId, headSha, "pull request");
            }
            // The pull request's environment gets its own database servers, on empty volumes of its own.
            foreach (var instance in store.GetServiceInstances(environment.Id).Where(i => i.Image is not null && i.Repo is null))
            {
                engine.DeployImage(environment.Id, instance.ServiceId, "pull request");
            }
        }
        return Replace(pullRequest with { EnvironmentIds = environmentIds });
    }

    private PullRequestEntry Replace(PullRequestEntry updated) => state.Change(document =>
    {
        var index = document.PullRequests.FindIndex(p => Same(p.Repo, updated.Repo) && p.Number == updated.Number);
        document.PullRequests[index] = updated;
        return updated;
    });

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Slug(string name) =>
        string.Join('-', new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Split('-', StringSplitOptions.RemoveEmptyEntries));
}
