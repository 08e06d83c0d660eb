using System.Globalization;
using RailwayOps.Core.Git;

namespace RailwayOps.Core.Railway;

/// <summary>One file an upload sends: where it is, and its name in the tarball ('/'-separated, relative to the folder).</summary>
public sealed record SourceFile(string FullPath, string EntryName, long Length);

/// <summary>
/// What <c>railway up</c> sends of a folder: every file git would consider part of it (tracked, and untracked
/// not ignored), less what <c>.gitignore</c> (unless <see cref="HonoursGitIgnore"/> is false) and <c>.railwayignore</c>
/// exclude, and never <c>.git</c> or <c>node_modules</c>. The rules are git's own (<c>git ls-files</c>), not a
/// matcher of ours; a folder outside any repository is read through an empty repository made for the purpose.
/// </summary>
public sealed class SourceSelection
{
    private SourceSelection(string folder, IReadOnlyList<SourceFile> files, bool honoursGitIgnore)
    {
        Folder = folder;
        Files = files;
        HonoursGitIgnore = honoursGitIgnore;
        TotalBytes = files.Sum(file => file.Length);
    }

    public string Folder { get; }

    public IReadOnlyList<SourceFile> Files { get; }

    public long TotalBytes { get; }

    public bool HonoursGitIgnore { get; }

    /// <summary>The <paramref name="count"/> largest files, largest first.</summary>
    public IReadOnlyList<SourceFile> Largest(int count) =>
        Files.OrderByDescending(file => file.Length).ThenBy(file => file.EntryName, StringComparer.Ordinal).Take(count).ToList();

    private static readonly string[] AlwaysLeftOut = [".git", "node_modules"];

    /// <exception cref="UploadException">The folder does not exist (<see cref="UploadFailureKind.SourceNotFound"/>) or git cannot read it.</exception>
    public static async Task<SourceSelection> SelectAsync(string folder, bool honourGitIgnore, GitRunner git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new UploadException(UploadFailureKind.SourceNotFound,
                string.Format(CultureInfo.InvariantCulture, UploadMessages.FolderNotFound, root));
        }

        string? scratch = null;
        try
        {
            var prefix = new List<string>();
            var inRepository = await git.RunAsync(root, ["rev-parse", "--is-inside-work-tree"], cancellationToken).ConfigureAwait(false);
            if (!inRepository.Succeeded || inRepository.StandardOutput.Trim() != "true")
            {
                // Outside any repository: git's rules still apply, through an empty repository of our own.
                scratch = Path.Combine(Path.GetTempPath(), "railwayops-ls-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(scratch);
                await Checked(git, scratch, ["init", "--quiet", scratch], cancellationToken).ConfigureAwait(false);
                prefix.AddRange(["--git-dir=" + Path.Combine(scratch, ".git"), "--work-tree=" + root]);
            }

            List<string> Args(params string[] arguments) => [.. prefix, "-c", "core.quotePath=false", .. arguments];

            var candidates = Split(await Checked(git, root, honourGitIgnore
                ? Args("ls-files", "-z", "--cached", "--others", "--exclude-standard")
                : Args("ls-files", "-z", "--cached", "--others"), cancellationToken).ConfigureAwait(false));
            var excluded = new HashSet<string>(StringComparer.Ordinal);
            var excludedFolders = new List<string>();
            if (honourGitIgnore)
            {
                // A tracked file that .gitignore names is left out too, as the CLI's walk leaves it out.
                excluded.UnionWith(Split(await Checked(git, root,
                    Args("ls-files", "-z", "--cached", "--ignored", "--exclude-standard"), cancellationToken).ConfigureAwait(false)));
            }

            if (candidates.Any(path => path == ".railwayignore" || path.EndsWith("/.railwayignore", StringComparison.Ordinal)))
            {
                foreach (var path in Split(await Checked(git, root,
                    Args("ls-files", "-z", "--cached", "--others", "--ignored", "--directory", "--exclude-per-directory=.railwayignore"),
                    cancellationToken).ConfigureAwait(false)))
                {
                    if (path.EndsWith('/'))
                    {
                        excludedFolders.Add(path);
                    }
                    else
                    {
                        excluded.Add(path);
                    }
                }
            }

            var files = new List<SourceFile>();
            foreach (var path in candidates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (path.EndsWith('/') || excluded.Contains(path)
                    || excludedFolders.Any(prefixFolder => path.StartsWith(prefixFolder, StringComparison.Ordinal))
                    || path.Split('/').Any(part => AlwaysLeftOut.Contains(part, StringComparer.Ordinal)))
                {
                    continue;
                }

                var full = Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));
                var info = new FileInfo(full);
                if (info.LinkTarget is not null)
                {
                    files.Add(new SourceFile(full, path, 0));
                }
                else if (info.Exists)
                {
                    files.Add(new SourceFile(full, path, info.Length));
                }

                // Else a tracked file deleted from the folder, or a submodule: nothing to send.
            }

            return new SourceSelection(root, files, honourGitIgnore);
        }
        catch (GitException exception)
        {
            throw new UploadException(UploadFailureKind.SourceUnreadable,
                string.Format(CultureInfo.InvariantCulture, UploadMessages.FolderUnreadable, root, exception.Message), exception);
        }
        finally
        {
            if (scratch is not null)
            {
                try
                {
                    Directory.Delete(scratch, recursive: true);
                }
                catch (IOException)
                {
                    // A temp folder left behind is the OS's to clean.
                }
            }
        }
    }

    private static async Task<string> Checked(GitRunner git, string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await git.RunCheckedAsync(workingDirectory, arguments, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput;
    }

    private static string[] Split(string output) => output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
