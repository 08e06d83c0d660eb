using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RailwayOps.Emulator.Tests;

/// <summary>A working clone of samples/hello-railway whose origin is the emulator's bare repository;
/// every push goes through real git, like a user's.</summary>
public sealed partial class SampleClone : IDisposable
{
    private readonly TempFolder _folder = new("railwayops-clone-");

    private SampleClone(string origin)
    {
        Origin = origin;
    }

    public string Path => _folder.Path;
    public string Origin { get; }

    /// <summary>Copies the sample, shortens its health-check timeout for tests, commits and sets origin.</summary>
    public static SampleClone Create(string origin, int healthcheckTimeoutSeconds = 30, int maxRetries = 10)
    {
        var clone = new SampleClone(origin);
        CopyDirectory(SampleDirectory(), clone.Path);
        var toml = System.IO.File.ReadAllText(clone.File("railway.toml"))
            .Replace("healthcheckTimeout = 100", $"healthcheckTimeout = {healthcheckTimeoutSeconds}")
            .Replace("restartPolicyMaxRetries = 10", $"restartPolicyMaxRetries = {maxRetries}");
        System.IO.File.WriteAllText(clone.File("railway.toml"), toml);
        clone.Git("init", "--quiet", "--initial-branch=main");
        clone.Git("config", "user.name", "Test Author");
        clone.Git("config", "user.email", "author@example.com");
        clone.Git("remote", "add", "origin", origin);
        clone.Commit("Initial commit");
        return clone;
    }

    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public void Write(string relativePath, string content)
    {
        var path = File(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
    }

    public void SetVersion(string version)
    {
        var config = File("app/config.py");
        System.IO.File.WriteAllText(config, VersionLine().Replace(System.IO.File.ReadAllText(config), $"app_version: str = \"{version}\""));
    }

    public void EditRailwayToml(Func<string, string> edit) =>
        System.IO.File.WriteAllText(File("railway.toml"), edit(System.IO.File.ReadAllText(File("railway.toml"))));

    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "--quiet", "-m", message);
        return Head();
    }

    public string Head() => Git("rev-parse", "HEAD").Trim();

    public void Push(string branch = "main") => Git("push", "--quiet", "origin", $"HEAD:refs/heads/{branch}");

    public void Checkout(string branch, bool create = false)
    {
        if (create)
        {
            Git("checkout", "--quiet", "-b", branch);
        }
        else
        {
            Git("checkout", "--quiet", branch);
        }
    }

    public string Git(params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {stderr}");
        }
        return stdout.Result;
    }

    public void Dispose() => _folder.Dispose();

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "RailwayOps.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("RailwayOps.sln not found above the test binaries");
    }

    private static string SampleDirectory() => System.IO.Path.Combine(RepositoryRoot(), "samples", "hello-railway");

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(source, file);
            if (relative.Split(System.IO.Path.DirectorySeparatorChar).Contains("__pycache__"))
            {
                continue;
            }
            var destination = System.IO.Path.Combine(target, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            System.IO.File.Copy(file, destination);
        }
    }

    [GeneratedRegex("app_version: str = \"[^\"]*\"")]
    private static partial Regex VersionLine();
}
