using RailwayOps.Core.Git;
using RailwayOps.Core.Tests.Versioning;

namespace RailwayOps.Core.Tests.Git;

/// <summary>Real repositories in a temp folder: working trees and bare "remotes" to push to.</summary>
public sealed class GitSandbox : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly GitRunner git = new();

    public string Path => this.folder.Path;

    public string Combine(string relativePath) => this.folder.Combine(relativePath);

    /// <summary>A working tree on branch main with one commit of README.md, isolated from the user's identity and signing settings.</summary>
    public async Task<string> CreateRepositoryAsync(string name, bool withInitialCommit = true)
    {
        var path = Combine(name);
        Directory.CreateDirectory(path);
        await GitAsync(path, "init", "--quiet", "-b", "main");
        await ConfigureAsync(path);
        if (withInitialCommit)
        {
            await CommitFileAsync(path, "README.md", "hello\n", "initial");
        }
        return path;
    }

    public async Task<string> CreateBareRemoteAsync(string name, string defaultBranch = "main")
    {
        var path = Combine(name);
        Directory.CreateDirectory(path);
        await GitAsync(path, "init", "--quiet", "--bare", "-b", defaultBranch);
        return path;
    }

    public async Task<string> CloneAsync(string remote, string name)
    {
        var path = Combine(name);
        await GitAsync(Path, "clone", "--quiet", remote, path);
        await ConfigureAsync(path);
        return path;
    }

    public async Task<string> CommitFileAsync(string repository, string relativePath, string content, string message)
    {
        var file = System.IO.Path.Combine(repository, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, content);
        await GitAsync(repository, "add", "--", relativePath);
        await GitAsync(repository, "commit", "--quiet", "-m", message);
        return await GitAsync(repository, "rev-parse", "HEAD");
    }

    /// <summary>Runs git for test setup and returns trimmed stdout; any failure fails the test.</summary>
    public async Task<string> GitAsync(string workingDirectory, params string[] arguments) =>
        (await this.git.RunCheckedAsync(workingDirectory, arguments, CancellationToken.None)).StandardOutput.Trim();

    public void WriteHook(string gitDirectory, string hookName, string script)
    {
        var hook = System.IO.Path.Combine(gitDirectory, "hooks", hookName);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, "#!/bin/sh\n" + script + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => this.folder.Dispose();

    private async Task ConfigureAsync(string repository)
    {
        await GitAsync(repository, "config", "user.name", "RailwayOps Tests");
        await GitAsync(repository, "config", "user.email", "tests@railwayops.invalid");
        await GitAsync(repository, "config", "commit.gpgsign", "false");
        await GitAsync(repository, "config", "core.hooksPath", ".git/hooks");
    }
}
