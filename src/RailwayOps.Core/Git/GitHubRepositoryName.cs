using System.Diagnostics.CodeAnalysis;

namespace RailwayOps.Core.Git;

/// <summary>The owner/name pair of a hosted repository, as GitHub and Railway name it.</summary>
public sealed record GitHubRepositoryName(string Owner, string Name)
{
    public override string ToString() => $"{Owner}/{Name}";

    /// <summary>
    /// Reads owner/name from a remote URL: <c>https://github.com/owner/name(.git)</c>,
    /// <c>ssh://git@host[:port]/owner/name.git</c>, scp-like <c>git@host:owner/name.git</c>,
    /// <c>file:///x/owner/name.git</c> and a local path such as <c>/x/git/owner/name.git</c> (as the
    /// emulator hosts repositories). The last two path segments are taken as owner and name.
    /// </summary>
    public static bool TryParse(string? remoteUrl, [NotNullWhen(true)] out GitHubRepositoryName? repository)
    {
        repository = null;
        var path = PathOf(remoteUrl?.Trim());
        if (path is null)
        {
            return false;
        }
        var segments = path.Split('/', '\\').Where(s => s.Length > 0).ToArray();
        if (segments.Length < 2)
        {
            return false;
        }
        var owner = segments[^2];
        var name = segments[^1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? segments[^1][..^4] : segments[^1];
        if (name.Length == 0)
        {
            return false;
        }
        repository = new GitHubRepositoryName(owner, name);
        return true;
    }

    /// <summary>
    /// True when the remote is a folder on this machine (a path or a file:// URL) rather than a host. Such a
    /// remote names a GitHub repository only as a hosted bare repository (<c>.../owner/name.git</c>, as the
    /// emulator keeps them); a plain clone such as <c>/work/main</c> is no GitHub repository at all.
    /// </summary>
    public static bool IsLocalPath(string? remoteUrl, out bool looksHosted)
    {
        looksHosted = false;
        var url = remoteUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return false;
        }

        var isFileUrl = url.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
        if (!isFileUrl && (url.Contains("://", StringComparison.Ordinal) || IsScpLike(url)))
        {
            return false;
        }

        looksHosted = url.TrimEnd('/', '\\').EndsWith(".git", StringComparison.OrdinalIgnoreCase);
        return true;
    }

    private static bool IsScpLike(string url)
    {
        var colon = url.IndexOf(':');
        var slash = url.IndexOfAny(new[] { '/', '\\' });
        return colon > 1 && (slash < 0 || colon < slash);
    }

    private static string? PathOf(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }
        if (url.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : null;
        }
        // scp-like syntax "[user@]host:path"; a colon after a slash belongs to a path, and
        // "C:\..." is a Windows drive.
        var colon = url.IndexOf(':');
        var slash = url.IndexOfAny(new[] { '/', '\\' });
        var isScpLike = colon > 1 && (slash < 0 || colon < slash);
        return isScpLike ? url[(colon + 1)..] : url;
    }
}
