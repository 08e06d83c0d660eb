using System.Globalization;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Git;

/// <summary>
/// Gives the seed's deployments of a service with a <c>source</c> folder real commits in the hosted
/// repository, so that the seeded project really runs: its live deployments can be started, redeployed,
/// restarted and rolled back to, as on Railway. Each deployment gets a commit of the source folder with
/// its message, author and date, one chain per branch in time order; the deployment's commitHash becomes
/// that commit's SHA. The chains are kept under <c>refs/seed/&lt;branch&gt;</c>, not on the branches
/// themselves, so that a first push to <c>main</c> of any history is accepted as it is on a new GitHub
/// repository (and a clone starts empty).
/// </summary>
public static class SeedHistory
{
    public const string RefPrefix = "refs/seed/";

    /// <summary>Makes the commits and sets the deployments' commitHash; returns the SHAs it made.</summary>
    public static IReadOnlySet<string> Materialise(SeedDocument seed, string? seedDirectory, string gitRoot)
    {
        var made = new HashSet<string>(StringComparer.Ordinal);
        var host = new GitRepositoryHost(gitRoot);
        foreach (var service in seed.Projects.SelectMany(p => p.Services))
        {
            if (service.Source is not { Length: > 0 } source || service.Repo is not { } repo || service.Deployments.Count == 0)
            {
                continue;
            }
            var folder = ResolveSource(source, seedDirectory);
            if (!Directory.Exists(folder))
            {
                throw new InvalidDataException($"seed service '{service.Name}' names a source folder that does not exist: {folder}");
            }
            if (!GitRepositoryHost.IsValidRepoName(repo))
            {
                throw new InvalidDataException($"seed service '{service.Name}' names '{repo}', which is not an owner/name repository");
            }
            var repository = host.EnsureRepository(repo);
            var tree = WriteTree(repository.Path, folder);
            var byBranch = service.Deployments
                .GroupBy(d => d.Branch ?? service.Branch ?? GitRepositoryHost.DefaultBranch, StringComparer.Ordinal);
            foreach (var branch in byBranch)
            {
                var tip = host.ResolveCommit(repository, RefPrefix + branch.Key);
                foreach (var deployment in branch.OrderBy(d => d.CreatedAt ?? DateTimeOffset.MinValue))
                {
                    tip = Commit(repository.Path, tree, tip, deployment);
                    deployment.CommitHash = tip;
                    made.Add(tip);
                }
                GitCli.RunOrThrow(repository.Path, "update-ref", RefPrefix + branch.Key, tip!);
            }
        }
        return made;
    }

    /// <summary>Where a relative source is found when it is not beside the seed file (a copy of the demo seed,
    /// a seed posted to the admin endpoint): beside the bundled seeds.</summary>
    public static string DefaultSeedFolder => Path.Combine(AppContext.BaseDirectory, "seeds");

    private static string ResolveSource(string source, string? seedDirectory)
    {
        if (Path.IsPathRooted(source))
        {
            return source;
        }
        var besideSeed = seedDirectory is null ? null : Path.GetFullPath(Path.Combine(seedDirectory, source));
        return besideSeed is not null && Directory.Exists(besideSeed)
            ? besideSeed
            : Path.GetFullPath(Path.Combine(DefaultSeedFolder, source));
    }

    private static string WriteTree(string barePath, string sourceFolder)
    {
        var index = Path.Combine(Path.GetTempPath(), "railwayops-seed-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["GIT_INDEX_FILE"] = index,
                // The user's global excludes must not decide what the seeded history holds.
                ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            };
            GitCli.RunOrThrow(environment, sourceFolder, "--git-dir", barePath, "--work-tree", sourceFolder, "add", "--all");
            return GitCli.RunOrThrow(environment, barePath, "--git-dir", barePath, "write-tree").Trim();
        }
        finally
        {
            File.Delete(index);
        }
    }

    private static string Commit(string barePath, string tree, string? parent, SeedDeployment deployment)
    {
        var author = string.IsNullOrWhiteSpace(deployment.CommitAuthor) ? "Emulator Seed" : deployment.CommitAuthor!;
        var email = new string(author.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray()).Trim('.') + "@railwayops.local";
        var date = (deployment.CreatedAt ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = author,
            ["GIT_AUTHOR_EMAIL"] = email,
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_NAME"] = author,
            ["GIT_COMMITTER_EMAIL"] = email,
            ["GIT_COMMITTER_DATE"] = date,
        };
        var message = string.IsNullOrWhiteSpace(deployment.CommitMessage) ? "Seeded deployment" : deployment.CommitMessage!;
        var arguments = new List<string> { "commit-tree", tree, "-m", message };
        if (parent is not null)
        {
            arguments.InsertRange(2, ["-p", parent]);
        }
        return GitCli.RunOrThrow(environment, barePath, [.. arguments]).Trim();
    }
}
