using System.Globalization;
using System.Text;

namespace RailwayOps.Emulator.Deploy;

public sealed class TomlFormatException(string message, int line) : FormatException($"railway.toml line {line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>Reads the part of TOML that railway.toml files use: tables, dotted tables and keys,
/// basic and literal strings, integers, floats, booleans, (multi-line) arrays, inline tables and
/// comments. Tables become case-sensitive dictionaries.</summary>
public sealed class TomlSubsetReader
{
    private readonly string _text;
    private int _position;
    private int _line = 1;

    private TomlSubsetReader(string text) => _text = text.Replace("\r\n", "\n");

    public static Dictionary<string, object> Parse(string text) => new TomlSubsetReader(text).ParseDocument();

    private Dictionary<string, object> ParseDocument()
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var current = root;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd)
            {
                return root;
            }
            if (Peek == '[')
            {
                if (PeekAt(1) == '[')
                {
                    throw Error("arrays of tables are not supported");
                }
                _position++;
                SkipSpaces();
                var path = ReadKeyPath();
                SkipSpaces();
                Expect(']');
                current = Descend(root, path);
                ExpectEndOfLine();
                continue;
            }
            var keyPath = ReadKeyPath();
            SkipSpaces();
            Expect('=');
            SkipSpaces();
            var value = ReadValue();
            Assign(current, keyPath, value);
            ExpectEndOfLine();
        }
    }

    private Dictionary<string, object> Descend(Dictionary<string, object> table, IReadOnlyList<string> path)
    {
        foreach (var key in path)
        {
            if (!table.TryGetValue(key, out var next))
            {
                next = new Dictionary<string, object>(StringComparer.Ordinal);
                table[key] = next;
            }
            table = next as Dictionary<string, object> ?? throw Error($"'{key}' is not a table");
        }
        return table;
    }

    private void Assign(Dictionary<string, object> table, IReadOnlyList<string> path, object value)
    {
        var parent = Descend(table, path.Take(path.Count - 1).ToList());
        if (!parent.TryAdd(path[^1], value))
        {
            throw Error($"duplicate key '{path[^1]}'");
        }
    }

    private List<string> ReadKeyPath()
    {
        var keys = new List<string> { ReadKey() };
        SkipSpaces();
        while (!AtEnd && Peek == '.')
        {
            _position++;
            SkipSpaces();
            keys.Add(ReadKey());
            SkipSpaces();
        }
        return keys;
    }

    private string ReadKey()
    {
        if (AtEnd)
        {
            throw Error("expected a key");
        }
        if (Peek == '"')
        {
            return ReadBasicString();
        }
        if (Peek == '\'')
        {
            return ReadLiteralString();
        }
        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '-'))
        {
            _position++;
        }
        if (start == _position)
        {
            throw Error($"unexpected '{Peek}'");
        }
        return _text[start.._position];
    }

    private object ReadValue()
    {
        if (AtEnd)
        {
            throw Error("expected a value");
        }
        switch (Peek)
        {
            case '"':
                return _text.AsSpan(_position).StartsWith("\"\"\"") ? ReadMultilineBasicString() : ReadBasicString();
            case '\'':
                return ReadLiteralString();
            case '[':
                return ReadArray();
            case '{':
                return ReadInlineTable();
        }
        var start = _position;
        while (!AtEnd && !char.IsWhiteSpace(Peek) && Peek is not (',' or ']' or '}' or '#'))
        {
            _position++;
        }
        var token = _text[start.._position];
        if (token == "true")
        {
            return true;
        }
        if (token == "false")
        {
            return false;
        }
        var number = token.Replace("_", "");
        if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }
        throw Error($"unsupported value '{token}'");
    }

    private List<object> ReadArray()
    {
        Expect('[');
        var items = new List<object>();
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (!AtEnd && Peek == ']')
            {
                _position++;
                return items;
            }
            items.Add(ReadValue());
            SkipWhitespaceCommentsAndNewlines();
            if (!AtEnd && Peek == ',')
            {
                _position++;
                continue;
            }
            SkipWhitespaceCommentsAndNewlines();
            Expect(']');
            return items;
        }
    }

    private Dictionary<string, object> ReadInlineTable()
    {
        Expect('{');
        var table = new Dictionary<string, object>(StringComparer.Ordinal);
        SkipSpaces();
        if (!AtEnd && Peek == '}')
        {
            _position++;
            return table;
        }
        while (true)
        {
            SkipSpaces();
            var path = ReadKeyPath();
            SkipSpaces();
            Expect('=');
            SkipSpaces();
            Assign(table, path, ReadValue());
            SkipSpaces();
            if (!AtEnd && Peek == ',')
            {
                _position++;
                continue;
            }
            Expect('}');
            return table;
        }
    }

    private string ReadBasicString()
    {
        Expect('"');
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek == '\n')
            {
                throw Error("unterminated string");
            }
            var c = _text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }
            builder.Append(c == '\\' ? ReadEscape() : c.ToString());
        }
    }

    private string ReadMultilineBasicString()
    {
        _position += 3;
        if (!AtEnd && Peek == '\n')
        {
            _position++;
            _line++;
        }
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unterminated string");
            }
            if (_text.AsSpan(_position).StartsWith("\"\"\""))
            {
                _position += 3;
                return builder.ToString();
            }
            var c = _text[_position++];
            if (c == '\n')
            {
                _line++;
            }
            builder.Append(c == '\\' ? ReadEscape() : c.ToString());
        }
    }

    private string ReadEscape()
    {
        if (AtEnd)
        {
            throw Error("unterminated escape");
        }
        var c = _text[_position++];
        switch (c)
        {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'b': return "\b";
            case 'f': return "\f";
            case '"': return "\"";
            case '\\': return "\\";
            case 'u' or 'U':
                var length = c == 'u' ? 4 : 8;
                if (_position + length > _text.Length
                    || !int.TryParse(_text.AsSpan(_position, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    throw Error("invalid unicode escape");
                }
                _position += length;
                return char.ConvertFromUtf32(code);
            default:
                throw Error($"invalid escape '\\{c}'");
        }
    }

    private string ReadLiteralString()
    {
        Expect('\'');
        var end = _text.IndexOf('\'', _position);
        var newline = _text.IndexOf('\n', _position);
        if (end < 0 || (newline >= 0 && newline < end))
        {
            throw Error("unterminated string");
        }
        var value = _text[_position..end];
        _position = end + 1;
        return value;
    }

    private void ExpectEndOfLine()
    {
        SkipSpaces();
        if (!AtEnd && Peek == '#')
        {
            SkipComment();
        }
        if (AtEnd)
        {
            return;
        }
        if (Peek != '\n')
        {
            throw Error($"unexpected '{Peek}' after value");
        }
    }

    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (!AtEnd)
        {
            if (Peek == '\n')
            {
                _line++;
                _position++;
            }
            else if (char.IsWhiteSpace(Peek))
            {
                _position++;
            }
            else if (Peek == '#')
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipComment()
    {
        while (!AtEnd && Peek != '\n')
        {
            _position++;
        }
    }

    private void SkipSpaces()
    {
        while (!AtEnd && Peek is ' ' or '\t')
        {
            _position++;
        }
    }

    private void Expect(char expected)
    {
        if (AtEnd || Peek != expected)
        {
            throw Error($"expected '{expected}'");
        }
        _position++;
    }

    private bool AtEnd => _position >= _text.Length;
    private char Peek => _text[_position];
    private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';
    private TomlFormatException Error(string message) => new(message, _line);
}
