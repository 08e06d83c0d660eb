using System.Text;

namespace RailwayOps.Core.Variables;

/// <summary>
/// Reads .env text the way the common dotenv tools agree on:
/// <list type="bullet">
/// <item>blank lines and lines starting with # are skipped; an <c>export </c> prefix is ignored;</item>
/// <item>unquoted values are trimmed and end at " #" (a trailing comment); '=' inside a value is kept;</item>
/// <item>single-quoted values are literal;</item>
/// <item>double-quoted values understand \n, \r, \t, \", \\ and \$; any other backslash is kept as written;</item>
/// <item>quoted values may span lines;</item>
/// <item><c>${VAR}</c> is never expanded, so Railway references such as <c>${{Postgres.DATABASE_URL}}</c> pass through unchanged;</item>
/// <item>a name assigned twice keeps its last value;</item>
/// <item>lines end at LF, CRLF or a lone CR (classic Mac OS line endings), as in any text reader;</item>
/// <item>a value holding a NUL character is refused: no process environment can hold one.</item>
/// </list>
/// </summary>
public static class DotEnvParser
{
    private const string ExportPrefix = "export";

    /// <exception cref="DotEnvFormatException">A line is not NAME=value or a quote is not closed.</exception>
    public static IReadOnlyList<DotEnvEntry> Parse(string text, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        source ??= VariableMessages.DotEnvSource;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var entries = new List<DotEnvEntry>();
        var index = 0;
        while (index < lines.Length)
        {
            var lineNumber = index + 1;
            var line = lines[index].TrimStart();
            index++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            line = StripExport(line);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new DotEnvFormatException(source, lineNumber, VariableMessages.DotEnvMissingEquals);
            }

            var name = line[..equals].Trim();
            if (!IsValidName(name))
            {
                throw new DotEnvFormatException(source, lineNumber, VariableMessages.DotEnvInvalidName);
            }

            var rest = line[(equals + 1)..].TrimStart();
            var value = rest.Length > 0 && rest[0] is '"' or '\''
                ? ReadQuoted(rest, lines, ref index, source, lineNumber)
                : ReadUnquoted(rest);
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                throw new DotEnvFormatException(source, lineNumber, VariableMessages.DotEnvNulInValue);
            }

            entries.RemoveAll(entry => entry.Name == name);
            entries.Add(new DotEnvEntry(name, value, lineNumber));
        }

        return entries;
    }

    /// <summary>Letters, digits and underscores, not starting with a digit: what every shell and dotenv tool accepts.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string StripExport(string line) =>
        line.StartsWith(ExportPrefix, StringComparison.Ordinal)
        && line.Length > ExportPrefix.Length
        && char.IsWhiteSpace(line[ExportPrefix.Length])
            ? line[ExportPrefix.Length..].TrimStart()
            : line;

    private static string ReadUnquoted(string rest)
    {
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '#' && i > 0 && char.IsWhiteSpace(rest[i - 1]))
            {
                return rest[..i].TrimEnd();
            }
        }

        return rest.TrimEnd();
    }

    private static string ReadQuoted(string rest, string[] lines, ref int nextLine, string source, int openedOn)
    {
        var quote = rest[0];
        var value = new StringBuilder();
        var current = rest[1..];
        while (true)
        {
            var closedAt = quote == '"' ? AppendDoubleQuoted(current, value) : AppendSingleQuoted(current, value);
            if (closedAt >= 0)
            {
                var trailing = current[(closedAt + 1)..].Trim();
                if (trailing.Length > 0 && trailing[0] != '#')
                {
                    throw new DotEnvFormatException(source, openedOn, VariableMessages.Format(VariableMessages.DotEnvTextAfterQuote, quote));
                }

                return value.ToString();
            }

            if (nextLine >= lines.Length)
            {
                throw new DotEnvFormatException(source, openedOn, VariableMessages.Format(VariableMessages.DotEnvUnterminatedQuote, quote));
            }

            value.Append('\n');
            current = lines[nextLine++];
        }
    }

    /// <returns>The index of the closing quote in <paramref name="text"/>, or -1 when the value goes on to the next line.</returns>
    private static int AppendSingleQuoted(string text, StringBuilder value)
    {
        var close = text.IndexOf('\'', StringComparison.Ordinal);
        value.Append(close < 0 ? text : text[..close]);
        return close;
    }

    private static int AppendDoubleQuoted(string text, StringBuilder value)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var escaped = text[i + 1] switch
                {
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    '"' => "\"",
                    '\\' => "\\",
                    '$' => "$",
                    _ => null,
                };
                if (escaped is not null)
                {
                    value.Append(escaped);
                    i++;
                    continue;
                }
            }

            value.Append(c);
        }

        return -1;
    }
}
