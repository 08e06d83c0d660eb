using RailwayOps.Core.Git;
using RailwayOps.Core.Tests.Versioning;
using Xunit;

namespace RailwayOps.Core.Tests.Git;

public sealed class GitRepositoryTests : IDisposable
{
    private readonly GitSandbox sandbox = new();

    public void Dispose() => this.sandbox.Dispose();

    [Fact]
    public async Task Open_FromASubfolderOrFile_FindsTheRoot()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var nested = Directory.CreateDirectory(Path.Combine(root, "app", "deep")).FullName;
        var file = Path.Combine(nested, "x.py");
        File.WriteAllText(file, "");

        Assert.Equal(root, (await GitRepository.OpenAsync(nested, CancellationToken.None)).Root);
        Assert.Equal(root, (await GitRepository.OpenAsync(file, CancellationToken.None)).Root);
    }

    [Fact]
    public async Task Open_NotARepository_IsTyped()
    {
        using var plain = new TemporaryFolder();

        var error = await Assert.ThrowsAsync<NotAGitRepositoryException>(() => GitRepository.OpenAsync(plain.Path, CancellationToken.None));

        Assert.Equal(plain.Path, error.Path);
        Assert.Contains("not a git repository", error.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Open_MissingFolder_IsNotARepository()
    {
        await Assert.ThrowsAsync<NotAGitRepositoryException>(() => GitRepository.OpenAsync(this.sandbox.Combine("missing"), CancellationToken.None));
    }

    [Fact]
    public async Task CurrentBranch_AndDetachedHead()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);

        Assert.Equal("main", await repository.GetCurrentBranchAsync(CancellationToken.None));

        await this.sandbox.GitAsync(root, "checkout", "--quiet", "-b", "feature/login");
        Assert.Equal("feature/login", await repository.GetCurrentBranchAsync(CancellationToken.None));

        await this.sandbox.GitAsync(root, "checkout", "--quiet", "--detach", "HEAD");
        var error = await Assert.ThrowsAsync<DetachedHeadException>(() => repository.GetCurrentBranchAsync(CancellationToken.None));
        Assert.Equal(root, error.RepositoryRoot);
    }

    [Fact]
    public async Task Status_ListsChangedStagedRenamedAndUntrackedFiles()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        await this.sandbox.CommitFileAsync(root, "old name.txt", "x\n", "add file");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        File.AppendAllText(Path.Combine(root, "README.md"), "more\n");
        Directory.CreateDirectory(Path.Combine(root, "app"));
        File.WriteAllText(Path.Combine(root, "app", "new file.py"), "");
        await this.sandbox.GitAsync(root, "mv", "old name.txt", "new name.txt");

        var status = await repository.GetStatusAsync(CancellationToken.None);

        var modified = Assert.Single(status, e => e.Path == "README.md");
        Assert.Equal(' ', modified.IndexStatus);
        Assert.Equal('M', modified.WorkTreeStatus);
        var untracked = Assert.Single(status, e => e.Path == "app/new file.py");
        Assert.True(untracked.IsUntracked);
        var renamed = Assert.Single(status, e => e.Path == "new name.txt");
        Assert.Equal('R', renamed.IndexStatus);
        Assert.Equal("old name.txt", renamed.OriginalPath);
        Assert.Equal(3, status.Count);
    }

    [Fact]
    public async Task Commit_FirstCommitOfAnEmptyRepository()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo", withInitialCommit: false);
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        await Assert.ThrowsAsync<NothingToCommitException>(() => repository.CommitAllAsync("empty", CancellationToken.None));
        File.WriteAllText(Path.Combine(root, "VERSION"), "0.1.0\n");

        var sha = await repository.CommitAllAsync("first", CancellationToken.None);

        Assert.Equal("VERSION", await this.sandbox.GitAsync(root, "diff-tree", "--root", "--no-commit-id", "--name-only", "-r", "HEAD"));
        Assert.Equal(40, sha.Length);
    }

    [Fact]
    public async Task FailedCommand_IsAGitExceptionWithCommandAndStderr()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);

        var error = await Assert.ThrowsAsync<GitException>(() => repository.GetDefaultBranchAsync("no-such-remote", CancellationToken.None));

        Assert.Equal("git ls-remote --symref no-such-remote HEAD", error.Command);
        Assert.Contains("no-such-remote", error.StandardError);
        Assert.NotEqual(0, error.ExitCode);
    }

    [Fact]
    public async Task Runner_MissingGitExecutable_IsGitNotFound()
    {
        var runner = new GitRunner(executable: this.sandbox.Combine("no-such-git"));

        var error = await Assert.ThrowsAsync<GitNotFoundException>(() => runner.RunAsync(this.sandbox.Path, ["status"], CancellationToken.None));

        Assert.Equal("git status", error.Command);
    }

    [Fact]
    public async Task Runner_MissingFolder_IsNotMistakenForAMissingGit()
    {
        var error = await Assert.ThrowsAsync<GitException>(() => new GitRunner().RunAsync(this.sandbox.Combine("gone"), ["status"], CancellationToken.None));

        Assert.IsNotType<GitNotFoundException>(error);
        Assert.Contains("gone", error.Message);
    }

    [Fact]
    public async Task Runner_ReportsEachCommandAsAVerboseEvent_WithoutCredentials()
    {
        var events = new Health.RecordingEventSink();
        var runner = new GitRunner(events: events);

        await runner.RunAsync(this.sandbox.Path, ["ls-remote", "https://bot:canary-token@127.0.0.1:9/a/b.git"], CancellationToken.None);

        var verbose = Assert.Single(events.Events);
        Assert.Equal("git ls-remote https://***@127.0.0.1:9/a/b.git", verbose.Message);
    }

    [Fact]
    public async Task OptionLikeNames_AreRefusedBeforeGitSeesThem()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => repository.PushAsync("origin", "--force", setUpstream: false, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => repository.PushAsync("--mirror", "main", setUpstream: false, CancellationToken.None));
    }
}
