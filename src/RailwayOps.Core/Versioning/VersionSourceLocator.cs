namespace RailwayOps.Core.Versioning;

/// <summary>
/// Finds the file that declares an application's version inside a repository folder.
/// </summary>
/// <remarks>
/// The search covers the folder and up to <see cref="MaxDirectoryDepth"/> levels of subfolders,
/// skipping hidden folders, symbolic links and folders of dependencies or build output
/// (<c>node_modules</c>, <c>venv</c>, <c>bin</c>, <c>obj</c>, <c>dist</c>, <c>build</c>, ...).
/// Choice: <c>app_version</c> in a <c>config.py</c> wins over every other kind, as in the CPWTR
/// workflow; otherwise the single candidate found is used. Two or more candidates at the deciding
/// level (including two of the same kind) raise <see cref="AmbiguousVersionSourceException"/>.
/// </remarks>
public static class VersionSourceLocator
{
    public const int MaxDirectoryDepth = 4;

    private const long MaxFileBytes = 1024 * 1024;

    private static readonly EnumerationOptions Listing = new() { IgnoreInaccessible = true, AttributesToSkip = 0 };

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        "node_modules", "venv", "env", "bin", "obj", "dist", "build", "out", "target",
        "__pycache__", "site-packages", "vendor",
    };

    /// <summary>The version source to bump in <paramref name="root"/>, or in <paramref name="file"/> when given.</summary>
    /// <param name="root">Repository folder to search.</param>
    /// <param name="file">A specific file (absolute, or relative to <paramref name="root"/>), bypassing the search.</param>
    /// <exception cref="VersionSourceNotFoundException">Nothing declares a version.</exception>
    /// <exception cref="AmbiguousVersionSourceException">Several declarations and no preferred one.</exception>
    public static VersionSource Locate(string root, string? file = null, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        if (!string.IsNullOrEmpty(file))
        {
            return LocateInFile(root, Path.GetFullPath(file, root));
        }
        var candidates = FindCandidates(root, cancellationToken);
        if (candidates.Count == 0)
        {
            throw new VersionSourceNotFoundException(root, VersionMessages.Format(VersionMessages.NoSourceFound, root));
        }
        var preferred = candidates.Where(c => c.Kind == VersionSourceKind.PythonAppVersion).ToList();
        var deciding = preferred.Count > 0 ? preferred : candidates.ToList();
        return deciding.Count == 1 ? deciding[0] : throw new AmbiguousVersionSourceException(root, deciding);
    }

    /// <summary>Every version declaration under <paramref name="root"/>, in a stable order.</summary>
    public static IReadOnlyList<VersionSource> FindCandidates(string root, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
        {
            throw new VersionSourceNotFoundException(root, VersionMessages.Format(VersionMessages.FolderMissing, root));
        }
        var found = new List<VersionSource>();
        foreach (var path in EnumerateFiles(root, cancellationToken))
        {
            var kinds = VersionDeclarationParser.KindsFor(Path.GetFileName(path));
            if (kinds.Count > 0 && new FileInfo(path).Length <= MaxFileBytes)
            {
                found.AddRange(ReadDeclarations(path, kinds));
            }
        }
        return found;
    }

    private static VersionSource LocateInFile(string root, string path)
    {
        if (!File.Exists(path))
        {
            throw new VersionSourceNotFoundException(path, VersionMessages.Format(VersionMessages.FileMissing, path));
        }
        var kinds = VersionDeclarationParser.KindsFor(Path.GetFileName(path));
        if (kinds.Count == 0)
        {
            throw new VersionSourceNotFoundException(path, VersionMessages.Format(VersionMessages.UnsupportedFile, path));
        }
        var declarations = ReadDeclarations(path, kinds);
        // In a config.py that also has __version__, app_version is the one the app reports.
        var preferred = declarations.Where(d => d.Kind == kinds[0]).ToList();
        var deciding = preferred.Count > 0 ? preferred : declarations;
        return deciding.Count switch
        {
            0 => throw new VersionSourceNotFoundException(path, VersionMessages.Format(VersionMessages.NoDeclaration, path, string.Join(" or ", kinds))),
            1 => deciding[0],
            _ => throw new AmbiguousVersionSourceException(root, deciding),
        };
    }

    private static List<VersionSource> ReadDeclarations(string path, IReadOnlyList<VersionSourceKind> kinds)
    {
        var content = TextFileContent.Decode(File.ReadAllBytes(path));
        return kinds
            .SelectMany(kind => VersionDeclarationParser.Parse(kind, content.Text))
            .Select(d => new VersionSource(path, d.Kind, d.Literal, d.Index, LineOf(content.Text, d.Index), content))
            .ToList();
    }

    private static int LineOf(string text, int index) => 1 + text.AsSpan(0, index).Count('\n');

    private static IEnumerable<string> EnumerateFiles(string root, CancellationToken cancellationToken)
    {
        var pending = new Queue<(string Path, int Depth)>();
        pending.Enqueue((root, 0));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, depth) = pending.Dequeue();
            foreach (var file in Directory.EnumerateFiles(directory, "*", Listing).Order(StringComparer.Ordinal))
            {
                yield return file;
            }
            if (depth == MaxDirectoryDepth)
            {
                continue;
            }
            foreach (var child in Directory.EnumerateDirectories(directory, "*", Listing).Order(StringComparer.Ordinal))
            {
                var info = new DirectoryInfo(child);
                if (!info.Name.StartsWith('.') && info.LinkTarget is null && !SkippedDirectories.Contains(info.Name))
                {
                    pending.Enqueue((child, depth + 1));
                }
            }
        }
    }
}
