using System.Globalization;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Graph;

/// <summary>
/// Railway's log filter syntax, the part that applies to build and deploy logs: words and
/// "quoted phrases" (case-insensitive substring), @attribute:value (with @level matching the
/// severity; numeric &gt;, &gt;=, &lt;, &lt;= and A..B ranges), AND, OR, "-" negation and
/// parentheses. Terms side by side mean AND. An empty filter matches everything.
/// </summary>
public sealed class LogFilter
{
    private readonly Func<LogRecord, bool> _match;

    private LogFilter(Func<LogRecord, bool> match) => _match = match;

    public static readonly LogFilter All = new(_ => true);

    public bool Matches(LogRecord line) => _match(line);

    public static LogFilter Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
            return All;
        var parser = new Parser(Tokenize(filter));
        var expression = parser.ParseOr();
        return new LogFilter(expression);
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { tokens.Add(c.ToString()); i++; continue; }
            var start = i;
            var inQuotes = false;
            while (i < text.Length && (inQuotes || (!char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')')))
            {
                if (text[i] == '"')
                    inQuotes = !inQuotes;
                i++;
            }
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private sealed class Parser(List<string> tokens)
    {
        private int _position;

        private string? Peek => _position < tokens.Count ? tokens[_position] : null;

        public Func<LogRecord, bool> ParseOr()
        {
            var left = ParseAnd();
            while (Peek == "OR")
            {
                _position++;
                var right = ParseAnd();
                var previous = left;
                left = line => previous(line) || right(line);
            }
            return left;
        }

        private Func<LogRecord, bool> ParseAnd()
        {
            var left = ParseUnary();
            while (Peek is { } next && next != "OR" && next != ")")
            {
                if (next == "AND")
                    _position++;
                var right = ParseUnary();
                var previous = left;
                left = line => previous(line) && right(line);
            }
            return left;
        }

        private Func<LogRecord, bool> ParseUnary()
        {
            var token = Peek ?? throw new GraphQL.ExecutionError("Invalid filter: expression expected");
            _position++;
            if (token == "(")
            {
                var inner = ParseOr();
                if (Peek == ")")
                    _position++;
                return inner;
            }
            if (token.Length > 1 && token[0] == '-')
            {
                var negated = Term(token[1..]);
                return line => !negated(line);
            }
            return Term(token);
        }

        private static Func<LogRecord, bool> Term(string token)
        {
            if (token.StartsWith('@') && token.IndexOf(':') is var colon and > 1)
                return AttributeTerm(token[1..colon], Unquote(token[(colon + 1)..]));
            var phrase = Unquote(token);
            return line => line.Message.Contains(phrase, StringComparison.OrdinalIgnoreCase);
        }

        private static Func<LogRecord, bool> AttributeTerm(string key, string expected)
        {
            var compare = NumericComparison(expected);
            return line =>
            {
                var actual = AttributeValue(line, key);
                if (actual is null)
                    return false;
                if (compare is not null)
                    return double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && compare(number);
                return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
            };
        }

        private static string? AttributeValue(LogRecord line, string key)
        {
            if (key is "level" or "severity" or "lvl")
                return line.Severity switch { "err" => "error", var s => s };
            if (key == "message")
                return line.Message;
            return line.Attributes is not null && line.Attributes.TryGetValue(key, out var value) ? value : null;
        }

        private static Func<double, bool>? NumericComparison(string expected)
        {
            static bool Number(string text, out double value) =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            if (expected.Split("..") is [var low, var high] && Number(low, out var a) && Number(high, out var b))
                return v => v >= a && v <= b;
            foreach (var (prefix, test) in new (string, Func<double, double, bool>)[]
                     { (">=", (v, n) => v >= n), ("<=", (v, n) => v <= n), (">", (v, n) => v > n), ("<", (v, n) => v < n) })
                if (expected.StartsWith(prefix, StringComparison.Ordinal) && Number(expected[prefix.Length..], out var bound))
                    return v => test(v, bound);
            return null;
        }

        private static string Unquote(string text) =>
            text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
    }
}
