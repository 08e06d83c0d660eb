using System.Collections.Concurrent;

namespace RailwayOps.Core.Secrets;

/// <summary>
/// Scrubs known secrets (tokens, later variable values) and the user info of every URL
/// (<see cref="UrlRedaction"/>) from any text the module emits: messages, exceptions, verbose and debug
/// lines, log lines. A secret registered once stays redacted for the life of the process, because text
/// about an earlier session can still be printed later.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "********";

    // Very short values would turn ordinary words into masks; no real token is this short.
    private const int MinimumSecretLength = 4;

    // Variable values are often ordinary words ("hello", "info", "true"); masking those everywhere
    // would garble unrelated text such as a repository name, and they are not what leaks hurt.
    private const int MinimumValueLength = 8;

    private readonly ConcurrentDictionary<string, byte> secrets = new(StringComparer.Ordinal);

    // Longest first, so a secret that contains another is masked whole; rebuilt only on change.
    private volatile string[] ordered = [];

    /// <summary>The process-wide redactor every credential registers with.</summary>
    public static Redactor Global { get; } = new();

    /// <summary>Registers a credential (token): masked wherever it appears.</summary>
    public void Register(string? secret) => Add(secret, MinimumSecretLength);

    /// <summary>
    /// Registers a variable value: masked wherever it appears, unless it is a short word, a single lowercase word or
    /// a bare IP address. A database service's PGUSER is "postgres" and its PGHOST 127.0.0.1: masked, they garbled
    /// every later message of the session that contains them ("install ********ql-client", a health URL), and a
    /// name or an address alone is no credential (Railway's generated passwords are never one lowercase word).
    /// </summary>
    public void RegisterValue(string? value)
    {
        if (value is not null && (IsLowercaseWord(value) || System.Net.IPAddress.TryParse(value, out _)))
        {
            return;
        }

        Add(value, MinimumValueLength);
    }

    private static bool IsLowercaseWord(string value)
    {
        foreach (var c in value)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    private void Add(string? secret, int minimumLength)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= minimumLength && secrets.TryAdd(secret, 0))
        {
            ordered = secrets.Keys.OrderByDescending(s => s.Length).ToArray();
        }
    }

    public bool IsEmpty => secrets.IsEmpty;

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = UrlRedaction.Redact(text);
        if (secrets.IsEmpty)
        {
            return result;
        }

        foreach (var secret in ordered)
        {
            if (result.Contains(secret, StringComparison.Ordinal))
            {
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return result;
    }
}
