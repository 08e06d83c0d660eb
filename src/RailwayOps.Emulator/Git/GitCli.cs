using System.Diagnostics;

namespace RailwayOps.Emulator.Git;

public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs the git executable. The emulator hosts real bare repositories, so real git
/// (not a library) keeps push, hooks and archive behaviour identical to what users see.</summary>
public static class GitCli
{
    public static GitResult Run(string workingDirectory, params string[] arguments)
    {
        using var process = Process.Start(CreateStartInfo(workingDirectory, arguments))
            ?? throw new InvalidOperationException("git could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new GitResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    public static async Task<GitResult> RunAsync(string workingDirectory, IEnumerable<string> arguments,
        CancellationToken cancellationToken = default)
    {
        using var process = Process.Start(CreateStartInfo(workingDirectory, arguments))
            ?? throw new InvalidOperationException("git could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new GitResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>As <see cref="RunOrThrow(string, string[])"/>, with extra environment variables (GIT_INDEX_FILE, dates).</summary>
    public static string RunOrThrow(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] arguments)
    {
        var info = CreateStartInfo(workingDirectory, arguments);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.GetAwaiter().GetResult().Trim()}");
        }
        return stdout.GetAwaiter().GetResult();
    }

    public static string RunOrThrow(string workingDirectory, params string[] arguments)
    {
        var result = Run(workingDirectory, arguments);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }
        return result.StandardOutput;
    }

    private static ProcessStartInfo CreateStartInfo(string workingDirectory, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // A user's global config (hooks path, signing, pagers) must not change how the emulator reads repos.
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_PAGER"] = "cat";
        return info;
    }
}
