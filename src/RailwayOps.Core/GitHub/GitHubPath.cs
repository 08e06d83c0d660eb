using System.Text;
using RailwayOps.Core.Git;

namespace RailwayOps.Core.GitHub;

/// <summary>
/// The one check of what goes into a GitHub API path: repository owners and names as GitHub allows them, and
/// refs as git allows them (git check-ref-format), each path segment URL-escaped. A ref such as
/// '../../../../user' would otherwise climb out of /repos/{owner}/{name}/ and send the user's token to
/// another endpoint.
/// </summary>
public static class GitHubPath
{
    private const int MaxReferenceLength = 255;
    private const int MaxNameLength = 100;

    /// <exception cref="GitHubApiException"><see cref="GitHubApiErrorKind.InvalidRepository"/>.</exception>
    public static void EnsureRepository(GitHubRepositoryName repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (!IsValidOwner(repository.Owner) || !IsValidName(repository.Name))
        {
            throw new GitHubApiException(GitHubApiErrorKind.InvalidRepository,
                GitHubMessages.Format(GitHubMessages.InvalidRepository, Printable(repository.ToString())));
        }
    }

    /// <exception cref="GitHubApiException"><see cref="GitHubApiErrorKind.InvalidReference"/>: the reason is in the message.</exception>
    public static void EnsureReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (ReferenceProblem(reference) is { } problem)
        {
            throw new GitHubApiException(GitHubApiErrorKind.InvalidReference,
                GitHubMessages.Format(GitHubMessages.InvalidReference, Printable(reference), problem));
        }
    }

    /// <summary>repos/{owner}/{name}/ with both escaped, after <see cref="EnsureRepository"/>.</summary>
    public static string Repository(GitHubRepositoryName repository)
    {
        EnsureRepository(repository);
        return $"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}/";
    }

    /// <summary>A ref as a path: each '/'-separated segment escaped, after <see cref="EnsureReference"/>.</summary>
    public static string Reference(string reference)
    {
        EnsureReference(reference);
        return string.Join('/', reference.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>GitHub logins and organisations: letters, digits and hyphens (underscores and dots on some Enterprise servers).</summary>
    public static bool IsValidOwner(string? owner) =>
        !string.IsNullOrEmpty(owner) && owner.Length <= MaxNameLength && char.IsAsciiLetterOrDigit(owner[0])
        && owner.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Repository names: letters, digits, '.', '-' and '_', but not '.' or '..'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name is not "." and not ".."
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Why git would refuse <paramref name="reference"/> as a ref name (check-ref-format), or null.</summary>
    public static string? ReferenceProblem(string reference)
    {
        if (reference.Length == 0 || reference.Length > MaxReferenceLength)
        {
            return GitHubMessages.RefLength;
        }

        if (reference.Any(c => c < ' ' || c == '\u007f' || c == ' ' || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
        {
            return GitHubMessages.RefCharacter;
        }

        if (reference.Contains("..", StringComparison.Ordinal) || reference.Contains("@{", StringComparison.Ordinal) || reference == "@")
        {
            return GitHubMessages.RefSequence;
        }

        if (reference.StartsWith('/') || reference.EndsWith('/') || reference.EndsWith('.') || reference.Contains("//", StringComparison.Ordinal))
        {
            return GitHubMessages.RefSlash;
        }

        if (reference.Split('/').Any(segment => segment.StartsWith('.') || segment.EndsWith(".lock", StringComparison.Ordinal)))
        {
            return GitHubMessages.RefSegment;
        }

        return null;
    }

    /// <summary>The value as a message may quote it: control characters shown as \uXXXX, long values cut.</summary>
    private static string Printable(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > 120 ? value[..120] + "…" : value)
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.ToString();
    }
}
