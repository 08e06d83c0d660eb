using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace RailwayOps.Core.Health;

/// <summary>A health-check path and the config file it came from.</summary>
public sealed record HealthPathSetting(string Path, string? SourceFile)
{
    public static HealthPathSetting Default { get; } = new(ServiceHealthTarget.DefaultPath, null);

    public override string ToString() => SourceFile is null ? Path : $"{Path} ({SourceFile})";
}

/// <summary>
/// Reads <c>deploy.healthcheckPath</c> from railway.toml / railway.json, as Railway's config as code
/// defines it: an <c>environments.&lt;name&gt;.deploy</c> block overrides the base value, and when
/// both files sit in one folder railway.toml wins. The search starts at a folder and climbs to the
/// root of its git repository (or the file system root when there is none); the nearest file wins.
/// </summary>
public static class ServiceHealthTargetConfig
{
    private const string TomlFile = "railway.toml";
    private const string JsonFile = "railway.json";
    private const string Key = "healthcheckPath";

    public static HealthPathSetting FindHealthPath(string startDirectory, string? environmentName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(startDirectory);
        for (var folder = new DirectoryInfo(startDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var fileName in new[] { TomlFile, JsonFile })
            {
                var file = Path.Combine(folder.FullName, fileName);
                if (File.Exists(file))
                {
                    var path = ReadFile(file, environmentName);
                    return path is null ? HealthPathSetting.Default : new HealthPathSetting(path, file);
                }
            }

            if (Directory.Exists(Path.Combine(folder.FullName, ".git")) || File.Exists(Path.Combine(folder.FullName, ".git")))
            {
                break;
            }
        }

        return HealthPathSetting.Default;
    }

    /// <summary>The path the file sets for <paramref name="environmentName"/>, or null when it sets none (or cannot be read).</summary>
    public static string? ReadFile(string file, string? environmentName)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var keys = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(text) : ReadToml(text);
        var wanted = environmentName is null
            ? new[] { $"deploy.{Key}" }
            : new[] { $"environments.{environmentName}.deploy.{Key}", $"deploy.{Key}" };
        foreach (var key in wanted)
        {
            if (keys.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    /// <summary>
    /// The string values of a TOML document by dotted key, read with Tomlyn: tables, dotted keys, inline
    /// tables (<c>deploy = { healthcheckPath = "/h" }</c>) and every string form with its escapes, as
    /// Railway reads them. A file that is not valid TOML (a key set twice included) sets nothing, like
    /// an unreadable railway.json: the default path applies, as if it were absent.
    /// </summary>
    internal static Dictionary<string, string> ReadToml(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        TomlTable document;
        try
        {
            // Deserialize alone lets a repeated key win silently; the validating parse rejects the file, as TOML does.
            SyntaxParser.ParseStrict(text, TomlFile, validate: true);
            document = TomlSerializer.Deserialize<TomlTable>(text)!;
        }
        catch (TomlException)
        {
            return values;
        }

        Flatten(document, string.Empty, values);
        return values;
    }

    private static void Flatten(TomlTable table, string prefix, Dictionary<string, string> values)
    {
        foreach (var (key, value) in table)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is TomlTable inner)
            {
                Flatten(inner, path, values);
            }
            else if (value is string text)
            {
                values[path] = text;
            }
        }
    }

    internal static Dictionary<string, string> ReadJson(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            Flatten(document.RootElement, string.Empty, values);
        }
        catch (JsonException)
        {
            // An unreadable file sets nothing; the default path applies, as if it were absent.
        }

        return values;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> values)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Flatten(property.Value, prefix.Length == 0 ? property.Name : prefix + "." + property.Name, values);
            }
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            values[prefix] = element.GetString()!;
        }
    }
}
