using RailwayOps.Core.Git;
using Xunit;

namespace RailwayOps.Core.Tests.Git;

public sealed class GitRemoteTests : IDisposable
{
    private readonly GitSandbox sandbox = new();

    public void Dispose() => this.sandbox.Dispose();

    [Fact]
    public async Task Push_SetsUpstream_AndTracksWhatTheRemoteHas()
    {
        var remote = await this.sandbox.CreateBareRemoteAsync("remote.git");
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        await this.sandbox.GitAsync(root, "remote", "add", "origin", remote);
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        var first = await repository.GetHeadShaAsync(CancellationToken.None);

        Assert.False(await repository.IsCommitOnRemoteBranchAsync("origin", "main", first, CancellationToken.None));

        await repository.PushAsync("origin", "main", setUpstream: true, CancellationToken.None);

        Assert.Equal("origin/main", await repository.GetUpstreamAsync(CancellationToken.None));
        Assert.Equal(first, await this.sandbox.GitAsync(remote, "rev-parse", "refs/heads/main"));

        var second = await this.sandbox.CommitFileAsync(root, "VERSION", "0.1.1\n", "bump");
        Assert.False(await repository.IsCommitOnRemoteBranchAsync("origin", "main", second, CancellationToken.None));
        Assert.True(await repository.IsCommitOnRemoteBranchAsync("origin", "main", first, CancellationToken.None));

        await repository.PushAsync("origin", "main", setUpstream: false, CancellationToken.None);

        Assert.True(await repository.IsCommitOnRemoteBranchAsync("origin", "main", second, CancellationToken.None));
    }

    [Fact]
    public async Task Push_BehindTheRemote_IsRejectedAsNonFastForward_AndKeepsTheLocalCommit()
    {
        var remote = await this.sandbox.CreateBareRemoteAsync("remote.git");
        var seed = await this.sandbox.CreateRepositoryAsync("seed");
        await this.sandbox.GitAsync(seed, "push", "--quiet", remote, "main");
        var mine = await this.sandbox.CloneAsync(remote, "mine");
        var theirs = await this.sandbox.CloneAsync(remote, "theirs");
        await this.sandbox.CommitFileAsync(theirs, "theirs.txt", "t\n", "their change");
        await this.sandbox.GitAsync(theirs, "push", "--quiet", "origin", "main");
        var local = await this.sandbox.CommitFileAsync(mine, "VERSION", "0.1.1\n", "my change - bump to v0.1.1");
        var repository = await GitRepository.OpenAsync(mine, CancellationToken.None);

        var unseen = await Assert.ThrowsAsync<PushRejectedException>(() => repository.PushAsync("origin", "main", setUpstream: false, CancellationToken.None));
        Assert.Equal(PushRejectionKind.NonFastForward, unseen.Kind);
        Assert.Equal("fetch first", unseen.Reason);
        Assert.Equal("origin", unseen.Remote);
        Assert.Equal("main", unseen.Branch);
        Assert.Contains("git pull --rebase origin main", unseen.Message);

        await this.sandbox.GitAsync(mine, "fetch", "--quiet", "origin");
        var diverged = await Assert.ThrowsAsync<PushRejectedException>(() => repository.PushAsync("origin", "main", setUpstream: false, CancellationToken.None));
        Assert.Equal(PushRejectionKind.NonFastForward, diverged.Kind);
        Assert.Equal("non-fast-forward", diverged.Reason);

        Assert.Equal(local, await repository.GetHeadShaAsync(CancellationToken.None));
        Assert.False(await repository.IsCommitOnRemoteBranchAsync("origin", "main", local, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Push_RefusedByARemoteHook_IsRemoteRejected()
    {
        Skip.If(OperatingSystem.IsWindows(), "The remote's hook is a POSIX shell script.");
        var remote = await this.sandbox.CreateBareRemoteAsync("remote.git");
        this.sandbox.WriteHook(remote, "pre-receive", "echo 'main is protected' >&2; exit 1");
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        await this.sandbox.GitAsync(root, "remote", "add", "origin", remote);
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PushRejectedException>(() => repository.PushAsync("origin", "main", setUpstream: false, CancellationToken.None));

        Assert.Equal(PushRejectionKind.RemoteRejected, error.Kind);
        Assert.Equal("pre-receive hook declined", error.Reason);
        Assert.Contains("main is protected", error.StandardError);
    }

    [Fact]
    public async Task Push_Failure_NeverShowsCredentialsFromTheRemoteUrl()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        await this.sandbox.GitAsync(root, "config", "credential.helper", "");
        await this.sandbox.GitAsync(root, "remote", "add", "origin", "http://deploy-bot:canary-s3cret-token@127.0.0.1:9/acme/web.git");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);

        var error = await Assert.ThrowsAsync<GitException>(() => repository.PushAsync("origin", "main", setUpstream: false, CancellationToken.None));

        Assert.DoesNotContain("canary-s3cret-token", error.Message + error.Command + error.StandardError + error);
        Assert.Equal("http://deploy-bot:canary-s3cret-token@127.0.0.1:9/acme/web.git", await repository.GetRemoteUrlAsync("origin", CancellationToken.None));
    }

    [Fact]
    public async Task RemoteUrl_OfAMissingRemote_IsTyped()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);

        var error = await Assert.ThrowsAsync<GitRemoteNotFoundException>(() => repository.GetRemoteUrlAsync("origin", CancellationToken.None));

        Assert.Equal("origin", error.Remote);
    }

    [Fact]
    public async Task DefaultBranch_FromTheCloneOrByAskingTheRemote()
    {
        var remote = await this.sandbox.CreateBareRemoteAsync("remote.git", defaultBranch: "trunk");
        var seed = await this.sandbox.CreateRepositoryAsync("seed");
        await this.sandbox.GitAsync(seed, "push", "--quiet", remote, "main:trunk", "main:feature");

        var clone = await GitRepository.OpenAsync(await this.sandbox.CloneAsync(remote, "clone"), CancellationToken.None);
        Assert.Equal("trunk", await clone.GetDefaultBranchAsync("origin", CancellationToken.None));

        await this.sandbox.GitAsync(seed, "remote", "add", "origin", remote);
        var added = await GitRepository.OpenAsync(seed, CancellationToken.None);
        Assert.Equal("trunk", await added.GetDefaultBranchAsync("origin", CancellationToken.None));
    }
}
