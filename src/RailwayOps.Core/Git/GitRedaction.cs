using System.Text.RegularExpressions;

namespace RailwayOps.Core.Git;

/// <summary>Removes credentials embedded in URLs (<c>https://user:token@host</c>) from text meant for people.</summary>
public static partial class GitRedaction
{
    public const string Mask = "***";

    public static string Redact(string text) => UrlUserInfo().Replace(text, Mask + "@");

    [GeneratedRegex(@"(?<=\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();
}
