namespace RailwayOps.Core.Versioning;

/// <summary>
/// What a version bump would write, computed without touching the file, so that -WhatIf can show
/// it; <see cref="AppVersionBumper.ApplyAsync"/> writes it.
/// </summary>
public sealed class VersionBumpPlan
{
    internal VersionBumpPlan(VersionSource source, SemanticVersion oldVersion, SemanticVersion newVersion, byte[] newContent)
    {
        Source = source;
        OldVersion = oldVersion;
        NewVersion = newVersion;
        NewContent = newContent;
    }

    public string File => Source.File;

    public VersionSourceKind Kind => Source.Kind;

    public SemanticVersion OldVersion { get; }

    public SemanticVersion NewVersion { get; }

    /// <summary>False when the file already says <see cref="NewVersion"/>: applying writes nothing.</summary>
    public bool HasChanges => !string.Equals(Source.Literal, NewVersion.ToString(), StringComparison.Ordinal);

    public VersionSource Source { get; }

    internal byte[] NewContent { get; }

    public override string ToString() => $"{File}: {OldVersion} -> {NewVersion}";
}
