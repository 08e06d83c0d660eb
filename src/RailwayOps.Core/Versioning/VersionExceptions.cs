namespace RailwayOps.Core.Versioning;

/// <summary>Base of every error about finding, parsing or writing an application version.</summary>
public class VersionException : Exception
{
    public VersionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A version string that is not Semantic Versioning 2.0.0.</summary>
public sealed class InvalidVersionException : VersionException
{
    public InvalidVersionException(string? text, string reason, string? file = null)
        : base(file is null
            ? VersionMessages.Format(VersionMessages.InvalidVersion, text, reason)
            : VersionMessages.Format(VersionMessages.InvalidVersionInFile, text, file, reason))
    {
        Text = text;
        File = file;
    }

    public string? Text { get; }
    public string? File { get; }
}

/// <summary>No version declaration was found where one was looked for.</summary>
public sealed class VersionSourceNotFoundException : VersionException
{
    public VersionSourceNotFoundException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    public string Path { get; }
}

/// <summary>Several version declarations qualify and none is preferred; the caller must name one.</summary>
public sealed class AmbiguousVersionSourceException : VersionException
{
    public AmbiguousVersionSourceException(string root, IReadOnlyList<VersionSource> candidates)
        : base(BuildMessage(root, candidates))
    {
        Root = root;
        Candidates = candidates;
    }

    public string Root { get; }
    public IReadOnlyList<VersionSource> Candidates { get; }

    private static string BuildMessage(string root, IReadOnlyList<VersionSource> candidates)
    {
        var lines = candidates.Select(candidate => "  " + candidate.Describe(root));
        var sameFile = candidates.Select(c => c.File).Distinct(StringComparer.Ordinal).Count() == 1;
        var advice = sameFile ? VersionMessages.AmbiguousSameFile : VersionMessages.AmbiguousChoose;
        return VersionMessages.Format(VersionMessages.AmbiguousHeader, candidates.Count, root) + Environment.NewLine
            + string.Join(Environment.NewLine, lines) + Environment.NewLine + advice;
    }
}

/// <summary>An explicit version lower than the current one, without permission to go down.</summary>
public sealed class VersionDowngradeException : VersionException
{
    public VersionDowngradeException(string file, SemanticVersion current, SemanticVersion requested)
        : base(VersionMessages.Format(VersionMessages.Downgrade, requested, current, file))
    {
        File = file;
        Current = current;
        Requested = requested;
    }

    public string File { get; }
    public SemanticVersion Current { get; }
    public SemanticVersion Requested { get; }
}
