using System.Text;
using System.Text.RegularExpressions;

namespace RailwayOps.Core.Text;

/// <summary>
/// A -Name value as PowerShell users write it: a literal name, or a wildcard pattern (<c>*</c>,
/// <c>?</c>, <c>[a-z]</c>, a backtick escapes the next character). Matching is ordinal, character
/// by character: PowerShell's own WildcardPattern compares literal text culture-aware, where NUL and
/// zero-width characters count for nothing, so <c>"GREE`0TING"</c> matched <c>GREETING</c>.
/// With <c>ignoreCase</c> only letter case is ignored (invariant culture); nothing else is.
/// </summary>
public sealed class NamePattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly string? literal;
    private readonly Regex? regex;
    private readonly StringComparison comparison;

    private NamePattern(string text, bool ignoreCase)
    {
        Text = text;
        comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        IsWildcard = ContainsWildcard(text);
        if (IsWildcard)
        {
            var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            regex = new Regex(ToRegex(text), options, MatchTimeout);
        }
        else
        {
            literal = Unescape(text);
        }
    }

    /// <summary>What the user wrote.</summary>
    public string Text { get; }

    /// <summary>True when the text holds an unescaped <c>*</c>, <c>?</c> or <c>[</c>.</summary>
    public bool IsWildcard { get; }

    /// <summary>A case-sensitive pattern, for names that are case-sensitive (variables, as in a process environment).</summary>
    public static NamePattern CaseSensitive(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), ignoreCase: false);

    /// <summary>A pattern that ignores letter case only, for names Railway compares that way (projects, environments, services).</summary>
    public static NamePattern IgnoringCase(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), ignoreCase: true);

    public bool IsMatch(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return regex is null ? string.Equals(literal, candidate, comparison) : regex.IsMatch(candidate);
    }

    public static bool ContainsWildcard(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '`':
                    i++;
                    break;
                case '*' or '?' or '[':
                    return true;
            }
        }

        return false;
    }

    private static string Unescape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '`' && i + 1 < text.Length)
            {
                i++;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    private static string ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    builder.Append(Literal(pattern[++i]));
                    break;
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                    var close = FindClose(pattern, i);
                    if (close < 0)
                    {
                        builder.Append(Literal(c));
                        break;
                    }

                    builder.Append(CharacterClass(pattern.Substring(i + 1, close - i - 1)));
                    i = close;
                    break;
                default:
                    builder.Append(Literal(c));
                    break;
            }
        }

        return builder.Append(@"\z").ToString();
    }

    private static int FindClose(string pattern, int open)
    {
        for (var i = open + 1; i < pattern.Length; i++)
        {
            if (pattern[i] == '`')
            {
                i++;
            }
            else if (pattern[i] == ']' && i > open + 1)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A bracket expression: single characters and ranges (a-z); no negation, as in PowerShell.</summary>
    private static string CharacterClass(string body)
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '`' && i + 1 < body.Length)
            {
                c = body[++i];
            }

            if (i + 2 < body.Length && body[i + 1] == '-')
            {
                var end = body[i + 2];
                builder.Append(ClassLiteral(c)).Append('-').Append(ClassLiteral(end));
                i += 2;
                continue;
            }

            builder.Append(ClassLiteral(c));
        }

        return builder.Append(']').ToString();
    }

    private static string Literal(char c) => Regex.Escape(c.ToString());

    private static string ClassLiteral(char c) => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : Literal(c);
}
