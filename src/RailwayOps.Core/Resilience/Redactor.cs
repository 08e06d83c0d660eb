using System.Collections.Concurrent;

namespace RailwayOps.Core.Resilience;

/// <summary>
/// Scrubs known secrets (tokens, later variable values) from any text the module emits:
/// messages, exceptions, verbose and debug lines. A secret registered once stays redacted for
/// the life of the process, because text about an earlier session can still be printed later.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "********";

    // Very short values would turn ordinary words into masks; no real token is this short.
    private const int MinimumSecretLength = 4;

    private readonly ConcurrentDictionary<string, byte> secrets = new(StringComparer.Ordinal);

    /// <summary>The process-wide redactor every credential registers with.</summary>
    public static Redactor Global { get; } = new();

    public void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= MinimumSecretLength)
        {
            secrets.TryAdd(secret, 0);
        }
    }

    public bool IsEmpty => secrets.IsEmpty;

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || secrets.IsEmpty)
        {
            return text ?? string.Empty;
        }

        var result = text;
        // Longest first, so a secret that contains another is masked whole.
        foreach (var secret in secrets.Keys.OrderByDescending(s => s.Length))
        {
            if (result.Contains(secret, StringComparison.Ordinal))
            {
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return result;
    }
}
