using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RailwayOps.Core.Versioning;

/// <summary>
/// A Semantic Versioning 2.0.0 version: <c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c>.
/// </summary>
/// <remarks>
/// Ordering and equality follow SemVer precedence (spec item 11): build metadata is ignored, a
/// prerelease sorts before its release, prerelease identifiers compare numerically when both are
/// numeric, numeric identifiers sort before alphanumeric ones, and a longer identifier list wins
/// when all shared identifiers are equal. <see cref="ToString"/> keeps the build metadata.
/// </remarks>
public sealed partial class SemanticVersion : IComparable<SemanticVersion>, IEquatable<SemanticVersion>
{
    private SemanticVersion(long major, long minor, long patch, IReadOnlyList<string> prerelease, IReadOnlyList<string> build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Build = build;
    }

    public long Major { get; }
    public long Minor { get; }
    public long Patch { get; }

    /// <summary>Dot-separated prerelease identifiers; empty for a release.</summary>
    public IReadOnlyList<string> Prerelease { get; }

    /// <summary>Dot-separated build metadata identifiers; never part of precedence.</summary>
    public IReadOnlyList<string> Build { get; }

    public bool IsPrerelease => Prerelease.Count > 0;

    public static SemanticVersion Create(long major, long minor, long patch)
    {
        if (major < 0 || minor < 0 || patch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(major), "Version numbers cannot be negative.");
        }
        return new SemanticVersion(major, minor, patch, Array.Empty<string>(), Array.Empty<string>());
    }

    /// <exception cref="InvalidVersionException">The text is not a SemVer 2.0.0 version.</exception>
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new InvalidVersionException(text, VersionMessages.NotSemVer);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SemanticVersion? version)
    {
        version = null;
        if (text is null)
        {
            return false;
        }
        var match = SemVerPattern().Match(text);
        if (!match.Success
            || !TryParseNumber(match.Groups["major"].Value, out var major)
            || !TryParseNumber(match.Groups["minor"].Value, out var minor)
            || !TryParseNumber(match.Groups["patch"].Value, out var patch))
        {
            return false;
        }
        version = new SemanticVersion(major, minor, patch,
            SplitIdentifiers(match.Groups["pre"]), SplitIdentifiers(match.Groups["build"]));
        return true;
    }

    /// <summary>
    /// The next version for <paramref name="part"/>, with the rules of npm's <c>semver.inc</c>;
    /// build metadata is always dropped:
    /// <list type="bullet">
    /// <item><b>Patch</b>: a prerelease becomes its release (1.2.3-rc.1 → 1.2.3); otherwise patch + 1
    /// (1.2.3 → 1.2.4).</item>
    /// <item><b>Minor</b>: a prerelease of a minor release x.y.0-pre becomes x.y.0; otherwise minor + 1
    /// and patch 0 (1.2.3-rc.1 → 1.3.0, 1.2.3 → 1.3.0).</item>
    /// <item><b>Major</b>: a prerelease of a major release x.0.0-pre becomes x.0.0; otherwise major + 1,
    /// minor and patch 0 (1.2.0-rc.1 → 2.0.0, 1.2.3 → 2.0.0).</item>
    /// </list>
    /// </summary>
    /// <exception cref="InvalidVersionException">The part to raise already holds the largest number a version part can.</exception>
    public SemanticVersion Bump(VersionPart part) => part switch
    {
        VersionPart.Patch => IsPrerelease
            ? Create(Major, Minor, Patch)
            : Create(Major, Minor, Next(Patch, part)),
        VersionPart.Minor => IsPrerelease && Patch == 0
            ? Create(Major, Minor, 0)
            : Create(Major, Next(Minor, part), 0),
        VersionPart.Major => IsPrerelease && Minor == 0 && Patch == 0
            ? Create(Major, 0, 0)
            : Create(Next(Major, part), 0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown version part."),
    };

    private long Next(long value, VersionPart part) => value < long.MaxValue
        ? value + 1
        : throw new InvalidVersionException(ToString(), VersionMessages.Format(VersionMessages.PartAtMaximum, part, value));

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var core = Major.CompareTo(other.Major);
        if (core == 0) core = Minor.CompareTo(other.Minor);
        if (core == 0) core = Patch.CompareTo(other.Patch);
        if (core != 0)
        {
            return core;
        }
        if (IsPrerelease != other.IsPrerelease)
        {
            return IsPrerelease ? -1 : 1;
        }
        for (var i = 0; i < Math.Min(Prerelease.Count, other.Prerelease.Count); i++)
        {
            var result = CompareIdentifiers(Prerelease[i], other.Prerelease[i]);
            if (result != 0)
            {
                return result;
            }
        }
        return Prerelease.Count.CompareTo(other.Prerelease.Count);
    }

    public bool Equals(SemanticVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SemanticVersion other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', Prerelease));

    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
        if (IsPrerelease)
        {
            text += "-" + string.Join('.', Prerelease);
        }
        if (Build.Count > 0)
        {
            text += "+" + string.Join('.', Build);
        }
        return text;
    }

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    private static int CompareIdentifiers(string left, string right)
    {
        var leftNumeric = IsNumeric(left);
        var rightNumeric = IsNumeric(right);
        if (leftNumeric && rightNumeric)
        {
            // Numeric identifiers have no leading zeros and no size limit, so length decides first.
            var byLength = left.Length.CompareTo(right.Length);
            return byLength != 0 ? byLength : string.CompareOrdinal(left, right);
        }
        if (leftNumeric != rightNumeric)
        {
            return leftNumeric ? -1 : 1;
        }
        return Math.Sign(string.CompareOrdinal(left, right));
    }

    private static bool IsNumeric(string identifier) => identifier.All(c => c is >= '0' and <= '9');

    private static bool TryParseNumber(string digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static IReadOnlyList<string> SplitIdentifiers(Group group) =>
        group.Success ? group.Value.Split('.') : Array.Empty<string>();

    // The grammar of semver.org, with [0-9] because \d also matches non-ASCII digits in .NET.
    [GeneratedRegex(
        @"^(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)" +
        @"(?:-(?<pre>(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
        @"(?:\+(?<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex SemVerPattern();
}
