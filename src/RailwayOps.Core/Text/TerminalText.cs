using System.Globalization;
using System.Text;

namespace RailwayOps.Core.Text;

/// <summary>
/// Text that reaches a terminal must not drive it: a project or variable name from the API holding
/// ESC sequences (colours, cursor moves, window titles, OSC 8 links) or bidirectional overrides would
/// otherwise be obeyed by the terminal when a message quotes it. Such characters are written the way
/// PowerShell writes them in a string, <c>`u{1B}</c>, so the user sees exactly what is there.
/// </summary>
public static class TerminalText
{
    /// <summary>
    /// A value quoted inside a message (a name, an id, a path): every control and invisible formatting
    /// character is made visible, line breaks and zero-width characters included.
    /// </summary>
    public static string Name(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Any(c => IsUnsafeInName(c)))
        {
            return value ?? string.Empty;
        }

        return Escape(value, IsUnsafeInName);
    }

    /// <summary>
    /// A whole message: control characters are made visible except line feed, carriage return and tab,
    /// which messages use for their own layout; bidirectional overrides are made visible too.
    /// </summary>
    public static string Message(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafeInMessage))
        {
            return text ?? string.Empty;
        }

        return Escape(text, IsUnsafeInMessage);
    }

    /// <summary>Names for a message, at most <paramref name="limit"/> of them, each made safe: "a, b, c and 4 more".</summary>
    public static string List(IEnumerable<string> names, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(names);
        var all = names.Distinct(StringComparer.Ordinal).ToList();
        if (all.Count == 0)
        {
            return Messages.NoneVisible;
        }

        var shown = string.Join(", ", all.Take(limit).Select(Name));
        return all.Count > limit ? string.Format(CultureInfo.InvariantCulture, Messages.AndMore, shown, all.Count - limit) : shown;
    }

    private static bool IsUnsafeInName(char c) => char.IsControl(c) || IsInvisibleFormat(c);

    private static bool IsUnsafeInMessage(char c) => (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || IsBidiControl(c);

    /// <summary>Zero-width and direction-changing characters (Unicode category Cf), and the line and paragraph separators.</summary>
    private static bool IsInvisibleFormat(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    private static string Escape(string text, Func<char, bool> unsafeChar)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (unsafeChar(c))
            {
                builder.Append("`u{").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append('}');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
