using System.Text.RegularExpressions;

namespace RailwayOps.Core.Secrets;

/// <summary>
/// The one redaction of credentials embedded in URLs (<c>https://user:password@host</c>): every text the module
/// shows passes through it (<see cref="Redactor.Redact"/> applies it before the known secrets), and a URL kept
/// on an output object is stored with its user info masked.
/// </summary>
public static partial class UrlRedaction
{
    public const string Mask = "***";

    /// <summary>Masks the user info of every URL in <paramref name="text"/>: <c>scheme://***@host</c>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        // Cheap test first: most text holds no URL with user info.
        return text.Contains('@', StringComparison.Ordinal) && text.Contains("://", StringComparison.Ordinal)
            ? UrlUserInfo().Replace(text, Mask + "@")
            : text;
    }

    /// <summary>The URI with its user info masked; the same instance when it has none.</summary>
    public static Uri Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return new Uri(Redact(uri.OriginalString), UriKind.RelativeOrAbsolute);
        }

        return string.IsNullOrEmpty(uri.UserInfo) ? uri : new UriBuilder(uri) { UserName = Mask, Password = string.Empty }.Uri;
    }

    /// <summary>User info cannot hold '/', '?', '#' or white space; a password may hold '@', so the last '@' before the host ends it.</summary>
    [GeneratedRegex(@"(?<=\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/?#\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();
}
