namespace RailwayOps.Core.Versioning;

/// <summary>Every user-facing text of version finding and bumping; format items are noted per entry.</summary>
internal static class VersionMessages
{
    /// <summary>{0} text, {1} reason.</summary>
    public const string InvalidVersion = "'{0}' is not a valid version: {1}.";

    /// <summary>{0} text, {1} file, {2} reason.</summary>
    public const string InvalidVersionInFile = "The version '{0}' in {1} is not a valid version: {2}.";

    public const string NotSemVer = "it is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1)";

    public const string CurrentNotSemVer = "it is not a semantic version (MAJOR.MINOR.PATCH); set -Version explicitly or fix the file";

    /// <summary>{0} part, {1} its value.</summary>
    public const string PartAtMaximum = "its {0} number is already {1}, the largest a version can hold, so it cannot be bumped; set a version with -Version";

    /// <summary>{0} count, {1} root folder.</summary>
    public const string AmbiguousHeader = "Found {0} version sources under {1}:";

    public const string AmbiguousSameFile = "The file declares the version more than once; keep a single declaration.";

    public const string AmbiguousChoose = "Choose one with -File <path> (File).";

    /// <summary>{0} requested, {1} current, {2} file.</summary>
    public const string Downgrade = "{0} is lower than the current version {1} in {2}; allow a downgrade explicitly to write it.";

    /// <summary>{0} root folder.</summary>
    public const string NoSourceFound = "No version source found under {0} (looked for app_version in config.py, __version__ in *.py, pyproject.toml, package.json, *.csproj <Version> and VERSION).";

    /// <summary>{0} folder.</summary>
    public const string FolderMissing = "The folder {0} does not exist.";

    /// <summary>{0} file.</summary>
    public const string FileMissing = "The version file {0} does not exist.";

    /// <summary>{0} file.</summary>
    public const string UnsupportedFile = "{0} is not a supported version file (config.py, *.py, pyproject.toml, package.json, *.csproj, VERSION).";

    /// <summary>{0} file, {1} kinds looked for.</summary>
    public const string NoDeclaration = "{0} declares no version ({1}).";

    /// <summary>{0} file.</summary>
    public const string ChangedSincePlan = "{0} changed after the version bump was planned; nothing was written. Run the bump again.";

    public static string Format(string format, params object?[] arguments) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, arguments);
}
