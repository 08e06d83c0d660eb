using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RailwayOps.Emulator.Git;

/// <summary>Creates and reads the bare repositories under &lt;state&gt;/git/&lt;owner&gt;/&lt;name&gt;.git.</summary>
public sealed partial class GitRepositoryHost(string gitRoot)
{
    public const string DefaultBranch = "main";
    public const string SpoolFolderName = "railwayops-pushes";

    // The hook only writes a file: it must work with nothing but sh, and a push must never fail or
    // wait because the emulator is down. Writing to a temp name and renaming makes each spool file
    // appear whole.
    private const string PostReceiveHook = """
        #!/bin/sh
        # Installed by the RailwayOps emulator: queues this push for the emulator to deploy.
        spool="$(pwd)/railwayops-pushes"
        mkdir -p "$spool"
        name="$(date +%s%N)-$$"
        cat > "$spool/.$name.tmp" && mv "$spool/.$name.tmp" "$spool/$name.push"
        echo "railwayops-emulator: push received, deploying"
        """;

    private readonly ConcurrentDictionary<string, HostedRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _createLock = new();

    public string GitRoot { get; } = Path.GetFullPath(gitRoot);

    public IReadOnlyList<HostedRepository> Repositories =>
        _repositories.Values.OrderBy(r => r.Repo, StringComparer.OrdinalIgnoreCase).ToList();

    public static bool IsValidRepoName(string repo) =>
        RepoNamePattern().IsMatch(repo) && repo.Split('/').All(part => part != "." && part != "..");

    public HostedRepository? Find(string repo) =>
        _repositories.TryGetValue(repo, out var hosted) ? hosted : null;

    public HostedRepository EnsureRepository(string repo)
    {
        if (_repositories.TryGetValue(repo, out var known))
        {
            return known;
        }
        if (!IsValidRepoName(repo))
        {
            throw new ArgumentException($"'{repo}' is not an owner/name repository", nameof(repo));
        }
        lock (_createLock)
        {
            if (_repositories.TryGetValue(repo, out known))
            {
                return known;
            }
            var path = Path.Combine(GitRoot, repo.Split('/')[0], repo.Split('/')[1] + ".git");
            if (!File.Exists(Path.Combine(path, "HEAD")))
            {
                Directory.CreateDirectory(path);
                GitCli.RunOrThrow(path, "init", "--quiet", "--bare", "--initial-branch=" + DefaultBranch, path);
            }
            InstallHook(path);
            var hosted = new HostedRepository(repo, path, ReadDefaultBranch(path));
            _repositories[repo] = hosted;
            return hosted;
        }
    }

    public string? ResolveCommit(HostedRepository repository, string revision)
    {
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-'))
        {
            return null;
        }
        var result = GitCli.Run(repository.Path, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    public string? BranchHead(HostedRepository repository, string branch) =>
        ResolveCommit(repository, "refs/heads/" + branch);

    public CommitInfo ReadCommit(HostedRepository repository, string sha)
    {
        var output = GitCli.RunOrThrow(repository.Path, "log", "-1", "--format=%H%x00%P%x00%an%x00%B", sha);
        var parts = output.Split('\0', 4);
        var parents = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new CommitInfo(parts[0].Trim(), parts[3].Trim(), parts[2], parents);
    }

    /// <summary>Paths changed by a commit against its first parent (every path for a root commit).</summary>
    public IReadOnlyList<string> ChangedFiles(HostedRepository repository, CommitInfo commit)
    {
        var output = commit.Parents.Count == 0
            ? GitCli.RunOrThrow(repository.Path, "ls-tree", "-r", "--name-only", commit.Sha)
            : GitCli.RunOrThrow(repository.Path, "diff", "--name-only", "--no-renames", commit.Parents[0], commit.Sha);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Paths a push changed: from the ref's old commit when the repository has it, else
    /// those of the new commit alone.</summary>
    public IReadOnlyList<string> ChangedFiles(HostedRepository repository, string oldSha, CommitInfo commit)
    {
        if (oldSha.Trim('0').Length == 0 || ResolveCommit(repository, oldSha) is null)
        {
            return ChangedFiles(repository, commit);
        }
        var output = GitCli.RunOrThrow(repository.Path, "diff", "--name-only", "--no-renames", oldSha, commit.Sha);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public string? ReadFile(HostedRepository repository, string sha, string path)
    {
        var result = GitCli.Run(repository.Path, "show", $"{sha}:{path}");
        return result.Succeeded ? result.StandardOutput : null;
    }

    /// <summary>Writes the commit's tree into an empty folder (git archive keeps file modes).</summary>
    public async Task ExportAsync(HostedRepository repository, string sha, string targetDirectory,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(targetDirectory);
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = repository.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "archive", "--format=tar", sha })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git could not be started");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await TarFile.ExtractToDirectoryAsync(process.StandardOutput.BaseStream, targetDirectory,
            overwriteFiles: true, cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git archive {sha} failed: {(await stderr).Trim()}");
        }
    }

    private static void InstallHook(string barePath)
    {
        var hooks = Path.Combine(barePath, "hooks");
        Directory.CreateDirectory(hooks);
        Directory.CreateDirectory(Path.Combine(barePath, SpoolFolderName));
        var hookPath = Path.Combine(hooks, "post-receive");
        var script = PostReceiveHook.Replace("\r\n", "\n") + "\n";
        if (!File.Exists(hookPath) || File.ReadAllText(hookPath) != script)
        {
            File.WriteAllText(hookPath, script);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hookPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        // A pusher's global core.hooksPath would otherwise bypass the hook in this repository.
        GitCli.RunOrThrow(barePath, "config", "core.hooksPath", hooks);
    }

    private static string ReadDefaultBranch(string barePath)
    {
        var head = GitCli.Run(barePath, "symbolic-ref", "--short", "HEAD");
        return head.Succeeded && head.StandardOutput.Trim().Length > 0 ? head.StandardOutput.Trim() : DefaultBranch;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex RepoNamePattern();
}
