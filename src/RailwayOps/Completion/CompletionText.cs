using System.Management.Automation;

namespace RailwayOps.Completion;

/// <summary>How typed text is matched and how a name is written back so that it parses as one argument.</summary>
internal static class CompletionText
{
    private const string CharactersNeedingQuotes = "'\"`$;,(){}[]@#|&<>";

    /// <summary>The typed word without its opening (and any closing) quote, and the quote typed, if any.</summary>
    public static (string Text, char? Quote) Unquote(string? wordToComplete)
    {
        var word = wordToComplete ?? string.Empty;
        if (word.Length == 0 || !IsQuote(word[0]))
        {
            return (word, null);
        }

        var quote = word[0];
        var text = word[1..];
        if (text.Length > 0 && IsQuote(text[^1]))
        {
            text = text[..^1];
        }

        return (text, quote);
    }

    /// <summary>A case-insensitive prefix match; wildcards typed by the user keep their meaning.</summary>
    public static WildcardPattern PrefixPattern(string typed) =>
        WildcardPattern.Get(typed.EndsWith('*') ? typed : typed + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);

    /// <summary>
    /// The name as PowerShell must see it: bare when it is one plain token, else in the quotes the user
    /// opened, else in single quotes ('my env'); embedded quotes are doubled or escaped.
    /// </summary>
    public static string Quote(string name, char? typedQuote)
    {
        if (typedQuote is '"' or '“' or '”')
        {
            return "\"" + name.Replace("`", "``", StringComparison.Ordinal).Replace("\"", "`\"", StringComparison.Ordinal).Replace("$", "`$", StringComparison.Ordinal) + "\"";
        }

        var needsQuotes = typedQuote is not null
            || name.Length == 0
            || name[0] == '-'
            || name.Any(c => char.IsWhiteSpace(c) || CharactersNeedingQuotes.Contains(c, StringComparison.Ordinal));
        return needsQuotes ? "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'" : name;
    }

    private static bool IsQuote(char c) => c is '\'' or '"' or '‘' or '’' or '“' or '”';
}
