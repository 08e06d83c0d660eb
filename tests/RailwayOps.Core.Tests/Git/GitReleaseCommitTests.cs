using RailwayOps.Core.Release;
using RailwayOps.Core.Git;
using Xunit;

namespace RailwayOps.Core.Tests.Git;

/// <summary>What the release loop asks of git before and while it commits: nothing of the user's staging may be lost.</summary>
public sealed class GitReleaseCommitTests : IDisposable
{
    private readonly GitSandbox sandbox = new();

    public void Dispose() => this.sandbox.Dispose();

    private async Task<(string Root, GitRepository Repository)> RepositoryWithPartialStagingAsync()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        await this.sandbox.CommitFileAsync(root, "app.py", "a = 1\n", "app");
        await File.AppendAllTextAsync(Path.Combine(root, "README.md"), "staged\n");
        await this.sandbox.GitAsync(root, "add", "README.md");
        await File.AppendAllTextAsync(Path.Combine(root, "app.py"), "b = 2\n");
        await File.WriteAllTextAsync(Path.Combine(root, "new.txt"), "intent\n");
        await this.sandbox.GitAsync(root, "add", "--intent-to-add", "new.txt");
        await File.WriteAllTextAsync(Path.Combine(root, "untracked.txt"), "x\n");
        return (root, await GitRepository.OpenAsync(root, CancellationToken.None));
    }

    [Fact]
    public async Task CommitAll_commits_every_change_and_leaves_the_index_at_the_new_commit()
    {
        var (root, repository) = await RepositoryWithPartialStagingAsync();

        var sha = await repository.CommitAllAsync("Release - bump to v1.0.0", CancellationToken.None);

        Assert.Equal(await this.sandbox.GitAsync(root, "rev-parse", "HEAD"), sha);
        Assert.Equal("", await this.sandbox.GitAsync(root, "status", "--porcelain"));
        var files = (await this.sandbox.GitAsync(root, "show", "--name-only", "--format=", "HEAD")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["README.md", "app.py", "new.txt", "untracked.txt"], files.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("Release - bump to v1.0.0", await repository.GetHeadSubjectAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_refused_by_a_hook_leaves_the_index_and_status_exactly_as_they_were()
    {
        var (root, repository) = await RepositoryWithPartialStagingAsync();
        var index = await this.sandbox.GitAsync(root, "ls-files", "--stage", "--debug");
        var status = await this.sandbox.GitAsync(root, "status", "--porcelain");
        var head = await this.sandbox.GitAsync(root, "rev-parse", "HEAD");
        this.sandbox.WriteHook(Path.Combine(root, ".git"), "pre-commit", "#!/bin/sh\necho refused >&2\nexit 1\n");

        var error = await Assert.ThrowsAsync<GitException>(() => repository.CommitAllAsync("Release - bump to v1.0.0", CancellationToken.None));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(head, await this.sandbox.GitAsync(root, "rev-parse", "HEAD"));
        Assert.Equal(status, await this.sandbox.GitAsync(root, "status", "--porcelain"));
        Assert.Equal(StripStat(index), StripStat(await this.sandbox.GitAsync(root, "ls-files", "--stage", "--debug")));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, ".git"), "index.railwayops-*"));
    }

    [Fact]
    public async Task Nothing_to_commit_makes_no_empty_commit()
    {
        var root = await this.sandbox.CreateRepositoryAsync("clean");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);

        await Assert.ThrowsAsync<NothingToCommitException>(() => repository.CommitAllAsync("Release", CancellationToken.None));
    }

    [Fact]
    public async Task A_repository_without_commits_says_so()
    {
        var empty = await this.sandbox.CreateRepositoryAsync("empty", withInitialCommit: false);
        var full = await this.sandbox.CreateRepositoryAsync("full");

        Assert.False(await (await GitRepository.OpenAsync(empty, CancellationToken.None)).HasCommitsAsync(CancellationToken.None));
        Assert.True(await (await GitRepository.OpenAsync(full, CancellationToken.None)).HasCommitsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_merge_stopped_on_a_conflict_is_an_operation_in_progress_with_unmerged_paths()
    {
        var root = await this.sandbox.CreateRepositoryAsync("merge");
        await this.sandbox.GitAsync(root, "checkout", "-q", "-b", "theirs");
        await this.sandbox.CommitFileAsync(root, "README.md", "theirs\n", "theirs");
        await this.sandbox.GitAsync(root, "checkout", "-q", "main");
        await this.sandbox.CommitFileAsync(root, "README.md", "ours\n", "ours");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        Assert.Null(await repository.GetOperationInProgressAsync(CancellationToken.None));
        await new GitRunner().RunAsync(root, ["merge", "theirs"], CancellationToken.None);

        Assert.Equal(GitOperationInProgress.Merge, await repository.GetOperationInProgressAsync(CancellationToken.None));
        Assert.Contains(await repository.GetStatusAsync(CancellationToken.None), entry => entry.Path == "README.md" && entry.IsUnmerged);
    }

    [Fact]
    public async Task A_second_lock_on_one_repository_is_refused_until_the_first_is_released()
    {
        var root = await this.sandbox.CreateRepositoryAsync("locked");
        var gitDirectory = Path.Combine(root, ".git");

        using (RepositoryLock.Acquire(gitDirectory, root))
        {
            var busy = Assert.Throws<ReleaseException>(() => RepositoryLock.Acquire(gitDirectory, root));
            Assert.Equal(ReleaseFailureKind.RepositoryBusy, busy.Kind);
            Assert.Contains("Another Invoke-Cpwtr", busy.Message, StringComparison.Ordinal);
        }
        using var again = RepositoryLock.Acquire(gitDirectory, root);
    }

    // ls-files --debug prints ctime/mtime/dev/ino lines; the entries and their flags are what must be equal.
    private static string StripStat(string debug) => string.Join('\n', debug.Split('\n')
        .Where(line => !line.TrimStart().StartsWith("ctime:", StringComparison.Ordinal) && !line.TrimStart().StartsWith("mtime:", StringComparison.Ordinal)
            && !line.TrimStart().StartsWith("dev:", StringComparison.Ordinal) && !line.TrimStart().StartsWith("uid:", StringComparison.Ordinal)
            && !line.TrimStart().StartsWith("size:", StringComparison.Ordinal)));
}
