using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using RailwayOps.Core.Versioning;

namespace RailwayOps.Core.Release;

/// <summary>
/// The CPWTR commit message, "&lt;change&gt; - bump to vX.Y.Z": written by the release loop and read back
/// to recognise a release commit that a previous run already made.
/// </summary>
public static partial class ReleaseCommitMessage
{
    private const string Marker = " - bump to v";

    public static string Format(string change, SemanticVersion version)
    {
        var text = string.IsNullOrWhiteSpace(change) ? ReleaseMessages.DefaultChange : change.Trim();
        return text + Marker + version;
    }

    /// <summary>The version a release commit's subject (first line) names, and the change it describes.</summary>
    public static bool TryParse(string? message, [NotNullWhen(true)] out string? change, [NotNullWhen(true)] out SemanticVersion? version)
    {
        change = null;
        version = null;
        var subject = (message ?? string.Empty).Split('\n')[0].TrimEnd('\r', ' ');
        var match = Subject().Match(subject);
        if (!match.Success || !SemanticVersion.TryParse(match.Groups["version"].Value, out version))
        {
            version = null;
            return false;
        }
        change = match.Groups["change"].Value;
        return true;
    }

    // The change text may itself contain " - "; the bump marker is the last thing on the line.
    [GeneratedRegex(@"^(?<change>.*) - bump to v(?<version>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Subject();
}
