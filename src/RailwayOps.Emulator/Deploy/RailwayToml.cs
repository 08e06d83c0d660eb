using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace RailwayOps.Emulator.Deploy;

public sealed class TomlFormatException(string message, int line) : FormatException($"railway.toml line {line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads railway.toml with Tomlyn (the whole of TOML, as Railway accepts it): the document is validated
/// first (a key defined twice, a table redefined, a bad escape or value is an error with its line),
/// then read into case-sensitive dictionaries, lists and values, the shape railway.json is read into.
/// </summary>
public static class RailwayToml
{
    private const string FileName = "railway.toml";

    public static Dictionary<string, object> Parse(string text)
    {
        try
        {
            // Deserialize alone lets a repeated key win silently; the validating parse rejects it, as TOML does.
            SyntaxParser.ParseStrict(text, FileName, validate: true);
            return ToTree(TomlSerializer.Deserialize<TomlTable>(text)!);
        }
        catch (TomlException error)
        {
            var first = error.Diagnostics is { Count: > 0 } diagnostics ? diagnostics[0].Message : error.Message;
            throw new TomlFormatException(first, error.Line ?? 0);
        }
    }

    private static Dictionary<string, object> ToTree(TomlTable table)
    {
        var tree = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in table)
        {
            tree[key] = ToValue(value);
        }
        return tree;
    }

    private static object ToValue(object? value) => value switch
    {
        TomlTable table => ToTree(table),
        TomlTableArray tables => tables.Select(t => (object)ToTree(t)).ToList(),
        TomlArray array => array.Select(ToValue).ToList(),
        null => "",
        _ => value,
    };
}
