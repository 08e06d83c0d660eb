using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RailwayOps.Core.Versioning;

/// <summary>Finds version literals in the text of the files that can declare one.</summary>
internal static partial class VersionDeclarationParser
{
    internal readonly record struct Declaration(VersionSourceKind Kind, int Index, string Literal);

    /// <summary>The kinds a file may hold, judged by its name alone; empty when it holds none.</summary>
    public static IReadOnlyList<VersionSourceKind> KindsFor(string fileName)
    {
        if (fileName.Equals("config.py", StringComparison.Ordinal))
        {
            return new[] { VersionSourceKind.PythonAppVersion, VersionSourceKind.PythonDunderVersion };
        }
        if (fileName.EndsWith(".py", StringComparison.Ordinal))
        {
            return new[] { VersionSourceKind.PythonDunderVersion };
        }
        return fileName switch
        {
            "pyproject.toml" => new[] { VersionSourceKind.PyProject },
            "package.json" => new[] { VersionSourceKind.PackageJson },
            "VERSION" => new[] { VersionSourceKind.VersionFile },
            _ when fileName.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) => new[] { VersionSourceKind.CsProj },
            _ => Array.Empty<VersionSourceKind>(),
        };
    }

    public static IEnumerable<Declaration> Parse(VersionSourceKind kind, string text) => kind switch
    {
        VersionSourceKind.PythonAppVersion => FromRegex(kind, PythonAppVersion(), text),
        VersionSourceKind.PythonDunderVersion => FromRegex(kind, PythonDunderVersion(), text),
        VersionSourceKind.PyProject => ParsePyProject(text),
        VersionSourceKind.PackageJson => ParsePackageJson(text),
        VersionSourceKind.CsProj => FromRegex(kind, CsProjVersion(), text).Where(d => !d.Literal.Contains("$(", StringComparison.Ordinal)),
        VersionSourceKind.VersionFile => FromRegex(kind, VersionFileContent(), text),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static IEnumerable<Declaration> FromRegex(VersionSourceKind kind, Regex regex, string text) =>
        regex.Matches(text).Select(m => new Declaration(kind, m.Groups["v"].Index, m.Groups["v"].Value));

    /// <summary>Only <c>version</c> keys directly inside <c>[project]</c> or <c>[tool.poetry]</c> count.</summary>
    private static IEnumerable<Declaration> ParsePyProject(string text)
    {
        var table = string.Empty;
        foreach (Match match in PyProjectLine().Matches(text))
        {
            if (match.Groups["table"].Success)
            {
                table = string.Concat(match.Groups["table"].Value.Where(c => !char.IsWhiteSpace(c)));
            }
            else if (table is "[project]" or "[tool.poetry]")
            {
                yield return new Declaration(VersionSourceKind.PyProject, match.Groups["v"].Index, match.Groups["v"].Value);
            }
        }
    }

    /// <summary>Only a top-level, unescaped string <c>"version"</c> counts; invalid JSON holds none.</summary>
    private static IEnumerable<Declaration> ParsePackageJson(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var found = new List<Declaration>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1
                    || !reader.ValueTextEquals("version"u8))
                {
                    continue;
                }
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                {
                    var valueStart = (int)reader.TokenStartIndex + 1;
                    found.Add(new Declaration(VersionSourceKind.PackageJson,
                        Encoding.UTF8.GetCharCount(utf8, 0, valueStart),
                        Encoding.UTF8.GetString(reader.ValueSpan)));
                }
            }
        }
        catch (JsonException)
        {
            return Array.Empty<Declaration>();
        }
        return found;
    }

    // `app_version: str = "0.2.1"` in a class or `app_version = "0.2.1"` at module level; a
    // commented-out line or an attribute of another object (self.app_version) is not a declaration.
    [GeneratedRegex(@"^[ \t]*app_version[ \t]*(?::[^=\r\n]+)?=[ \t]*(?<q>['""])(?<v>[^'""\r\n]*)\k<q>", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PythonAppVersion();

    [GeneratedRegex(@"^[ \t]*__version__[ \t]*(?::[^=\r\n]+)?=[ \t]*(?<q>['""])(?<v>[^'""\r\n]*)\k<q>", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PythonDunderVersion();

    [GeneratedRegex(@"^[ \t]*(?<table>\[\[?[^\[\]\r\n]+\]\]?)|^[ \t]*version[ \t]*=[ \t]*(?<q>['""])(?<v>[^'""\r\n]*)\k<q>", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PyProjectLine();

    [GeneratedRegex(@"<Version(?:\s[^>]*)?>\s*(?<v>[^<\s]+)\s*</Version>", RegexOptions.CultureInvariant)]
    private static partial Regex CsProjVersion();

    [GeneratedRegex(@"\A\s*(?<v>\S+)\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionFileContent();
}
