namespace RailwayOps.Core.Git;

/// <summary>The git operations of the release loop, on one working tree.</summary>
public sealed class GitRepository
{
    private readonly GitRunner git;

    private GitRepository(string root, GitRunner git)
    {
        Root = root;
        this.git = git;
    }

    /// <summary>Full path of the working tree's top folder.</summary>
    public string Root { get; }

    /// <summary>Opens the repository that contains <paramref name="path"/> (a folder or a file in it).</summary>
    /// <exception cref="NotAGitRepositoryException">The path is not in a git working tree.</exception>
    public static Task<GitRepository> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, new GitRunner(), cancellationToken);

    /// <summary>Opens the repository that contains <paramref name="path"/>, running git through <paramref name="runner"/>.</summary>
    /// <exception cref="NotAGitRepositoryException">The path is not in a git working tree.</exception>
    public static async Task<GitRepository> OpenAsync(string path, GitRunner runner, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var folder = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
        string[] arguments = ["rev-parse", "--show-toplevel"];
        if (!Directory.Exists(folder))
        {
            throw new NotAGitRepositoryException(full, GitRunner.FormatCommand(arguments), -1, GitMessages.Format(GitMessages.PathMissing, full));
        }
        var result = await runner.RunAsync(folder, arguments, cancellationToken).ConfigureAwait(false);
        var top = result.StandardOutput.Trim();
        if (!result.Succeeded || top.Length == 0)
        {
            if (result.StandardError.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
                || result.StandardError.Contains("must be run in a work tree", StringComparison.OrdinalIgnoreCase)
                || result.Succeeded)
            {
                throw new NotAGitRepositoryException(full, GitRunner.FormatCommand(arguments), result.ExitCode, result.StandardError);
            }
            throw Failure(arguments, result);
        }
        return new GitRepository(Path.GetFullPath(top), runner);
    }

    /// <summary>The checked-out branch's short name.</summary>
    /// <exception cref="DetachedHeadException">HEAD is detached.</exception>
    public async Task<string> GetCurrentBranchAsync(CancellationToken cancellationToken)
    {
        string[] arguments = ["symbolic-ref", "--quiet", "--short", "HEAD"];
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 1)
        {
            throw new DetachedHeadException(Root, GitRunner.FormatCommand(arguments), result.ExitCode, result.StandardError);
        }
        return Checked(arguments, result).StandardOutput.Trim();
    }

    /// <summary>Whether HEAD names a commit; false in a repository where nothing was committed yet.</summary>
    public async Task<bool> HasCommitsAsync(CancellationToken cancellationToken)
    {
        string[] arguments = ["rev-parse", "--quiet", "--verify", "HEAD^{commit}"];
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw Failure(arguments, result),
        };
    }

    /// <summary>The full path of a file in the repository's git folder (<c>git rev-parse --git-path</c>), which a linked worktree keeps apart.</summary>
    public async Task<string> GetGitPathAsync(string name, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(["rev-parse", "--git-path", name], cancellationToken).ConfigureAwait(false);
        return Path.GetFullPath(Path.Combine(Root, result.StandardOutput.Trim()));
    }

    /// <summary>The git folder shared by every worktree of the repository (<c>git rev-parse --git-common-dir</c>).</summary>
    public async Task<string> GetCommonGitDirectoryAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(["rev-parse", "--git-common-dir"], cancellationToken).ConfigureAwait(false);
        return Path.GetFullPath(Path.Combine(Root, result.StandardOutput.Trim()));
    }

    /// <summary>
    /// The operation git has stopped in the middle of (a merge or cherry-pick waiting for its conflicts to be
    /// resolved, a rebase, a revert, a bisect), or null when there is none: committing then would finish it
    /// with whatever the working tree holds.
    /// </summary>
    public async Task<GitOperationInProgress?> GetOperationInProgressAsync(CancellationToken cancellationToken)
    {
        (string Marker, GitOperationInProgress Operation)[] markers =
        [
            ("rebase-merge", GitOperationInProgress.Rebase),
            ("rebase-apply", GitOperationInProgress.Rebase),
            ("MERGE_HEAD", GitOperationInProgress.Merge),
            ("CHERRY_PICK_HEAD", GitOperationInProgress.CherryPick),
            ("REVERT_HEAD", GitOperationInProgress.Revert),
            ("BISECT_LOG", GitOperationInProgress.Bisect),
        ];
        foreach (var (marker, operation) in markers)
        {
            var path = await GetGitPathAsync(marker, cancellationToken).ConfigureAwait(false);
            if (File.Exists(path) || Directory.Exists(path))
            {
                return operation;
            }
        }
        return null;
    }

    /// <summary>The subject (first line) of the HEAD commit, as git holds it.</summary>
    public async Task<string> GetHeadSubjectAsync(CancellationToken cancellationToken) =>
        (await RunCheckedAsync(["log", "-1", "--format=%s", "HEAD"], cancellationToken).ConfigureAwait(false)).StandardOutput.TrimEnd('\n', '\r');

    /// <summary>
    /// <c>git add -A</c> and <c>git commit</c> through a private copy of the index: the user's own index (what
    /// they staged, and what they left unstaged or untracked) is untouched unless the commit is made, so a
    /// commit refused by a hook, a failure or a cancellation leaves their staging exactly as it was. Once the
    /// commit exists, the index is reset to it (<c>git reset -q</c>), which is what <c>git add -A</c> followed
    /// by <c>git commit</c> leaves. Returns the new commit's SHA.
    /// </summary>
    /// <exception cref="NothingToCommitException">Nothing would be committed; no empty commit is made.</exception>
    public async Task<string> CommitAllAsync(string message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new ArgumentException(GitMessages.CommitMessageRequired, nameof(message));
        }
        var index = await GetGitPathAsync("index", cancellationToken).ConfigureAwait(false);
        var privateIndex = index + ".railwayops-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            if (File.Exists(index))
            {
                File.Copy(index, privateIndex);
            }
            var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = privateIndex };
            await RunCheckedAsync(["add", "-A"], environment, cancellationToken).ConfigureAwait(false);
            string[] staged = ["diff", "--cached", "--quiet"];
            var check = await this.git.RunAsync(Root, staged, environment, cancellationToken).ConfigureAwait(false);
            if (check.ExitCode == 0)
            {
                throw new NothingToCommitException(Root, GitRunner.FormatCommand(["commit", "-m", message]));
            }
            if (check.ExitCode != 1)
            {
                throw Failure(staged, check);
            }
            await RunCheckedAsync(["commit", "-m", message], environment, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(privateIndex);
        }
        // The commit is made: the index must follow it even if the run is being cancelled, or git status would
        // show the commit's changes reversed. Should that fail, the commit still stands and is returned.
        await RunAsync(["reset", "-q"], CancellationToken.None).ConfigureAwait(false);
        return await GetHeadShaAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The full SHA of HEAD.</summary>
    public async Task<string> GetHeadShaAsync(CancellationToken cancellationToken) =>
        (await RunCheckedAsync(["rev-parse", "--verify", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();

    /// <summary>Changed, staged and untracked files (each untracked file listed, not just its folder).</summary>
    public async Task<IReadOnlyList<GitStatusEntry>> GetStatusAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(["status", "--porcelain=v1", "-z", "--untracked-files=all"], cancellationToken).ConfigureAwait(false);
        return GitStatusEntry.ParsePorcelainZ(result.StandardOutput);
    }

    /// <summary><c>git push [--set-upstream] &lt;remote&gt; &lt;branch&gt;</c>; never forced.</summary>
    /// <exception cref="PushRejectedException">The remote refused the update.</exception>
    public async Task PushAsync(string remote, string branch, bool setUpstream, CancellationToken cancellationToken)
    {
        RequireName(remote, nameof(remote));
        RequireName(branch, nameof(branch));
        List<string> arguments = ["push", "--porcelain"];
        if (setUpstream)
        {
            arguments.Add("--set-upstream");
        }
        arguments.AddRange([remote, branch]);
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return;
        }
        var rejection = PushRejection.Find(result.StandardOutput, result.StandardError);
        if (rejection is not null)
        {
            throw new PushRejectedException(remote, branch, rejection.Value.Kind, rejection.Value.Reason,
                GitRunner.FormatCommand(arguments), result.ExitCode, result.StandardError);
        }
        throw Failure(arguments, result);
    }

    /// <summary>The upstream of the current branch ("origin/main"), or null when none is set.</summary>
    public async Task<string?> GetUpstreamAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The SHA the remote's branch points at now (<c>ls-remote</c>), or null when it has no such branch.</summary>
    private async Task<string?> GetRemoteBranchShaAsync(string remote, string branch, CancellationToken cancellationToken)
    {
        RequireName(remote, nameof(remote));
        RequireName(branch, nameof(branch));
        var result = await RunCheckedAsync(["ls-remote", "--heads", remote, "refs/heads/" + branch], cancellationToken).ConfigureAwait(false);
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return line?.Split('\t')[0].Trim();
    }

    /// <summary>
    /// Whether the remote's branch already contains <paramref name="sha"/>: it points at it, or at a
    /// descendant known locally. Asks the remote, so it is true only for what was really pushed.
    /// </summary>
    public async Task<bool> IsCommitOnRemoteBranchAsync(string remote, string branch, string sha, CancellationToken cancellationToken)
    {
        var remoteSha = await GetRemoteBranchShaAsync(remote, branch, cancellationToken).ConfigureAwait(false);
        if (remoteSha is null)
        {
            return false;
        }
        if (remoteSha.Equals(sha, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var known = await RunAsync(["cat-file", "-e", remoteSha + "^{commit}"], cancellationToken).ConfigureAwait(false);
        if (!known.Succeeded)
        {
            return false;
        }
        var ancestor = await RunAsync(["merge-base", "--is-ancestor", sha, remoteSha], cancellationToken).ConfigureAwait(false);
        return ancestor.ExitCode == 0;
    }

    /// <summary>The fetch URL of <paramref name="remote"/>, as configured: it may embed credentials, so redact it before showing it.</summary>
    /// <exception cref="GitRemoteNotFoundException">No such remote.</exception>
    public async Task<string> GetRemoteUrlAsync(string remote, CancellationToken cancellationToken)
    {
        RequireName(remote, nameof(remote));
        string[] arguments = ["remote", "get-url", remote];
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && result.StandardError.Contains("No such remote", StringComparison.OrdinalIgnoreCase))
        {
            throw new GitRemoteNotFoundException(remote, GitRunner.FormatCommand(arguments), result.ExitCode, result.StandardError);
        }
        return Checked(arguments, result).StandardOutput.Trim();
    }

    /// <summary>
    /// The remote's default branch: from <c>refs/remotes/&lt;remote&gt;/HEAD</c> when the clone recorded
    /// it, otherwise by asking the remote (<c>ls-remote --symref &lt;remote&gt; HEAD</c>).
    /// </summary>
    public async Task<string> GetDefaultBranchAsync(string remote, CancellationToken cancellationToken)
    {
        RequireName(remote, nameof(remote));
        var local = await RunAsync(["symbolic-ref", "--quiet", "--short", $"refs/remotes/{remote}/HEAD"], cancellationToken).ConfigureAwait(false);
        var prefix = remote + "/";
        var localName = local.StandardOutput.Trim();
        if (local.Succeeded && localName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return localName[prefix.Length..];
        }
        string[] arguments = ["ls-remote", "--symref", remote, "HEAD"];
        var result = await RunCheckedAsync(arguments, cancellationToken).ConfigureAwait(false);
        const string symref = "ref: refs/heads/";
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            if (line.StartsWith(symref, StringComparison.Ordinal))
            {
                return line[symref.Length..].Split('\t')[0].Trim();
            }
        }
        throw new GitException(GitMessages.Format(GitMessages.NoDefaultBranch, remote),
            GitRunner.FormatCommand(arguments), 0, result.StandardError);
    }

    /// <summary>The full message of the HEAD commit, without the trailing newline.</summary>
    public async Task<string> GetLastCommitMessageAsync(CancellationToken cancellationToken) =>
        (await RunCheckedAsync(["log", "-1", "--format=%B", "HEAD"], cancellationToken).ConfigureAwait(false)).StandardOutput.TrimEnd('\n', '\r');

    /// <summary>Runs any other git command in this repository.</summary>
    public Task<GitResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        this.git.RunAsync(Root, arguments, cancellationToken);

    private async Task<GitResult> RunCheckedAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        Checked(arguments, await RunAsync(arguments, cancellationToken).ConfigureAwait(false));

    private async Task<GitResult> RunCheckedAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        Checked(arguments, await this.git.RunAsync(Root, arguments, environment, cancellationToken).ConfigureAwait(false));

    private static GitResult Checked(IReadOnlyList<string> arguments, GitResult result) =>
        result.Succeeded ? result : throw Failure(arguments, result);

    private static GitException Failure(IReadOnlyList<string> arguments, GitResult result)
    {
        var command = GitRunner.FormatCommand(arguments);
        return new GitException(GitException.Describe(command, result.ExitCode, result.StandardError), command, result.ExitCode, result.StandardError);
    }

    // A name starting with '-' would be read by git as an option (e.g. a branch called "--force").
    private static void RequireName(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith('-'))
        {
            throw new ArgumentException(GitMessages.Format(GitMessages.InvalidName, value, parameter), parameter);
        }
    }
}
