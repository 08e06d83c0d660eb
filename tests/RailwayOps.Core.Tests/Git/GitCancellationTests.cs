using RailwayOps.Core.Git;
using Xunit;

namespace RailwayOps.Core.Tests.Git;

public sealed class GitCancellationTests : IDisposable
{
    private readonly GitSandbox sandbox = new();

    public void Dispose() => this.sandbox.Dispose();

    [SkippableFact]
    public async Task Cancel_DuringAHookThatBlocks_KillsGitAndTheHook_AndLeavesNoLock()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The hook's process tree is observed through /proc.");
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var started = Path.Combine(this.sandbox.Path, "hook.pid");
        // exec: the pid written is the sleeping process itself, so the test can check it is gone.
        this.sandbox.WriteHook(Path.Combine(root, ".git"), "pre-commit", $"echo $$ > '{started}'\nexec sleep 300");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        File.WriteAllText(Path.Combine(root, "VERSION"), "0.1.1\n");
        await this.sandbox.GitAsync(root, "add", "-A");
        var before = await repository.GetHeadShaAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var commit = repository.CommitAllAsync("blocked by hook", cancellation.Token);
        var hookPid = await WaitForPidFileAsync(started, commit);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit);
        Assert.True(await HasEndedAsync(hookPid), $"hook process {hookPid} is still running");
        Assert.False(File.Exists(Path.Combine(root, ".git", "index.lock")));
        // Nor the private index the commit staged through, nor its lock.
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(root, ".git"), "index*"), file => Path.GetFileName(file) != "index");
        Assert.Equal(before, await repository.GetHeadShaAsync(CancellationToken.None));
        Assert.Equal('A', Assert.Single(await repository.GetStatusAsync(CancellationToken.None)).IndexStatus);
    }

    [SkippableFact]
    public async Task Cancel_WhileGitHoldsTheIndexLock_LetsGitRemoveIt()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The hook's process tree is observed through /proc.");
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var started = Path.Combine(this.sandbox.Path, "hook.pid");
        this.sandbox.WriteHook(Path.Combine(root, ".git"), "pre-commit", $"echo $$ > '{started}'\nexec sleep 300");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        File.AppendAllText(Path.Combine(root, "README.md"), "changed\n");
        using var cancellation = new CancellationTokenSource();

        // "commit -a" keeps .git/index.lock while its hooks run; a killed git would leave it behind.
        var commit = repository.RunAsync(["commit", "-a", "-m", "blocked by hook"], cancellation.Token);
        var hookPid = await WaitForPidFileAsync(started, commit);
        Assert.True(File.Exists(Path.Combine(root, ".git", "index.lock")));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit);
        Assert.True(await HasEndedAsync(hookPid), $"hook process {hookPid} is still running");
        Assert.False(File.Exists(Path.Combine(root, ".git", "index.lock")));
        await this.sandbox.GitAsync(root, "add", "-A");
    }

    [Fact]
    public async Task AlreadyCancelled_DoesNotStartGit()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.GetStatusAsync(cancelled.Token));
    }

    private static async Task<int> WaitForPidFileAsync(string path, Task commit)
    {
        // Polls for an event, not a duration: the bound only turns a broken hook into a failure.
        for (var i = 0; i < 600; i++)
        {
            Assert.False(commit.IsCompleted, "the commit finished before its hook ran");
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var pid))
            {
                return pid;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("the pre-commit hook never started");
    }

    private static async Task<bool> HasEndedAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            if (!IsRunning(pid))
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    // An orphan killed outside a reaping init stays a zombie ('Z'): dead, just not yet collected.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
