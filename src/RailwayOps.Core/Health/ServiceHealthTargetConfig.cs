using System.Text.Json;

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
    /// The string values of a TOML document by dotted key. Only what config as code uses is read:
    /// [tables], dotted keys and basic or literal strings on one line; anything else is skipped.
    /// </summary>
    internal static Dictionary<string, string> ReadToml(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var table = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                var close = line.IndexOf(']', StringComparison.Ordinal);
                table = close > 0 && !line.StartsWith("[[", StringComparison.Ordinal) ? NormalizeKey(line[1..close]) : "\0";
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || table == "\0")
            {
                continue;
            }

            var key = NormalizeKey(line[..equals]);
            if (TomlString(line[(equals + 1)..].Trim()) is { } value)
            {
                values[table.Length == 0 ? key : table + "." + key] = value;
            }
        }

        return values;
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

    private static string NormalizeKey(string key) =>
        string.Join('.', key.Split('.').Select(part => part.Trim().Trim('"', '\'')));

    private static string? TomlString(string value)
    {
        if (value.Length < 2 || value[0] is not ('"' or '\''))
        {
            return null;
        }

        var close = value.IndexOf(value[0], 1);
        return close < 0 ? null : value[1..close];
    }
}
