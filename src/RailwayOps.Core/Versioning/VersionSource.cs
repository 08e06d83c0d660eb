namespace RailwayOps.Core.Versioning;

/// <summary>One version declaration found in a file: where it is and what it says.</summary>
public sealed class VersionSource
{
    internal VersionSource(string file, VersionSourceKind kind, string literal, int literalIndex, int line, TextFileContent content)
    {
        File = file;
        Kind = kind;
        Literal = literal;
        LiteralIndex = literalIndex;
        Line = line;
        Content = content;
        Version = SemanticVersion.TryParse(literal, out var version) ? version : null;
    }

    /// <summary>Full path of the file.</summary>
    public string File { get; }

    public VersionSourceKind Kind { get; }

    /// <summary>The version text exactly as written between its quotes or tags.</summary>
    public string Literal { get; }

    /// <summary>The parsed version, or null when <see cref="Literal"/> is not a semantic version.</summary>
    public SemanticVersion? Version { get; }

    /// <summary>1-based line of the declaration.</summary>
    public int Line { get; }

    internal int LiteralIndex { get; }

    internal TextFileContent Content { get; }

    /// <summary>"app/config.py:7 (PythonAppVersion) 0.1.0", relative to <paramref name="root"/>.</summary>
    public string Describe(string root) =>
        $"{Path.GetRelativePath(root, File)}:{Line} ({Kind}) {Literal}";

    public override string ToString() => $"{File}:{Line} ({Kind}) {Literal}";
}
