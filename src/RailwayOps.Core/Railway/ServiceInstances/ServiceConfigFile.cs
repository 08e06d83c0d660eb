using System.Globalization;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace RailwayOps.Core.Railway;

/// <summary>A config file that is not valid TOML or JSON, or holds a value of the wrong type.</summary>
public sealed class ServiceConfigFileException(string file, string reason) : Exception(reason)
{
    public string File { get; } = file;
}

/// <summary>
/// A repository's railway.toml / railway.json (Railway's config as code), read with Tomlyn and System.Text.Json: the
/// settings it gives one environment, as Railway resolves them — the <c>environments.&lt;name&gt;</c> block (and
/// <c>environments.pr</c> for a PR environment) over the base <c>build</c> / <c>deploy</c> tables. The field names are
/// Set-RailwayServiceInstance's parameters; fields the file sets that are not among them are listed in
/// <see cref="NotCompared"/>.
/// </summary>
public sealed class ServiceConfigFile
{
    private const string TomlFile = "railway.toml";
    private const string JsonFile = "railway.json";

    /// <summary>Config-as-code key (section.key) -> the setting it maps to.</summary>
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["build.buildCommand"] = "BuildCommand",
        ["build.watchPatterns"] = "WatchPatterns",
        ["deploy.startCommand"] = "StartCommand",
        ["deploy.healthcheckPath"] = "HealthcheckPath",
        ["deploy.healthcheckTimeout"] = "HealthcheckTimeout",
        ["deploy.restartPolicyType"] = "RestartPolicy",
        ["deploy.restartPolicyMaxRetries"] = "RestartPolicyMaxRetries",
        ["deploy.numReplicas"] = "Replicas",
        ["deploy.multiRegionConfig"] = "Replicas",
        ["deploy.region"] = "Region",
        ["deploy.sleepApplication"] = "SleepApplication",
        ["deploy.cronSchedule"] = "CronSchedule",
    };

    private readonly Dictionary<string, object?> root;

    private ServiceConfigFile(string path, Dictionary<string, object?> root)
    {
        Path = path;
        this.root = root;
    }

    public string Path { get; }

    /// <summary>The nearest railway.toml (it wins over railway.json in one folder) from <paramref name="startDirectory"/> up
    /// to its git repository's root; null when there is none.</summary>
    public static string? Find(string startDirectory)
    {
        for (var folder = new DirectoryInfo(startDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var name in new[] { TomlFile, JsonFile })
            {
                var file = System.IO.Path.Combine(folder.FullName, name);
                if (System.IO.File.Exists(file))
                {
                    return file;
                }
            }

            if (Directory.Exists(System.IO.Path.Combine(folder.FullName, ".git")) || System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, ".git")))
            {
                return null;
            }
        }

        return null;
    }

    /// <exception cref="ServiceConfigFileException">The file is not valid TOML / JSON.</exception>
    public static ServiceConfigFile Read(string path)
    {
        var text = System.IO.File.ReadAllText(path);
        try
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                return new ServiceConfigFile(path, FromJson(document.RootElement) as Dictionary<string, object?>
                    ?? throw new ServiceConfigFileException(path, "the file must hold a JSON object"));
            }

            // The validating parse rejects a key set twice, as TOML does (Deserialize alone would let the last one win).
            SyntaxParser.ParseStrict(text, path, validate: true);
            return new ServiceConfigFile(path, FromToml(TomlSerializer.Deserialize<TomlTable>(text)!));
        }
        catch (JsonException exception)
        {
            throw new ServiceConfigFileException(path, exception.Message);
        }
        catch (TomlException exception)
        {
            throw new ServiceConfigFileException(path, exception.Message.Split('\n')[0]);
        }
    }

    /// <summary>The settings the file gives <paramref name="environmentName"/>, by setting name (a value already in the form
    /// Set-RailwayServiceInstance takes: RestartPolicy upper-case, Replicas summed over regions).</summary>
    /// <exception cref="ServiceConfigFileException">A value has the wrong type.</exception>
    public IReadOnlyDictionary<string, object?> SettingsFor(string environmentName, bool isPullRequestEnvironment)
    {
        var settings = new Dictionary<string, object?>(StringComparer.Ordinal);
        Apply(root, settings);
        if (Table(root, "environments") is { } environments)
        {
            if (isPullRequestEnvironment && Table(environments, "pr") is { } pr)
            {
                Apply(pr, settings);
            }

            if (Table(environments, environmentName) is { } named)
            {
                Apply(named, settings);
            }
        }

        return settings;
    }

    /// <summary>The non-blank <c>deploy.healthcheckPath</c> the file gives <paramref name="environmentName"/> (its
    /// <c>environments.&lt;name&gt;.deploy</c> block over the base), trimmed; null when it sets none.</summary>
    public string? HealthcheckPathFor(string? environmentName)
    {
        var environments = Table(root, "environments");
        var blocks = new[] { environmentName is null || environments is null ? null : Table(environments, environmentName), root };
        foreach (var block in blocks)
        {
            if (block is not null && Table(block, "deploy") is { } deploy && deploy.TryGetValue("healthcheckPath", out var value)
                && value is string path && !string.IsNullOrWhiteSpace(path))
            {
                return path.Trim();
            }
        }

        return null;
    }

    /// <summary>Keys the file sets under build / deploy that are not compared (builder, dockerfilePath, preDeployCommand...).</summary>
    public IReadOnlyList<string> NotCompared()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        void Collect(Dictionary<string, object?> table, string prefix)
        {
            foreach (var section in new[] { "build", "deploy" })
            {
                if (Table(table, section) is { } block)
                {
                    foreach (var key in block.Keys.Where(key => !Keys.ContainsKey(section + "." + key)))
                    {
                        keys.Add(prefix + section + "." + key);
                    }
                }
            }
        }

        Collect(root, string.Empty);
        if (Table(root, "environments") is { } environments)
        {
            foreach (var (name, block) in environments)
            {
                if (block is Dictionary<string, object?> table)
                {
                    Collect(table, "environments." + name + ".");
                }
            }
        }

        return keys.ToList();
    }

    private void Apply(Dictionary<string, object?> table, Dictionary<string, object?> settings)
    {
        foreach (var section in new[] { "build", "deploy" })
        {
            if (Table(table, section) is not { } block)
            {
                continue;
            }

            foreach (var (key, value) in block)
            {
                if (!Keys.TryGetValue(section + "." + key, out var setting) || value is null)
                {
                    continue;
                }

                settings[setting] = Convert(section + "." + key, setting, value);
            }
        }
    }

    private object? Convert(string key, string setting, object value) => setting switch
    {
        "WatchPatterns" => value is List<object?> list && list.All(item => item is string)
            ? list.Cast<string>().ToList()
            : throw Wrong(key, "a list of strings"),
        "HealthcheckTimeout" or "RestartPolicyMaxRetries" => Integer(key, value),
        "Replicas" when key == "deploy.multiRegionConfig" => value is Dictionary<string, object?> regions
            ? regions.Values.Sum(region => region is Dictionary<string, object?> block && block.TryGetValue("numReplicas", out var n) && n is not null ? Integer(key, n) : 0)
            : throw Wrong(key, "a table of regions"),
        "Replicas" => Integer(key, value),
        "SleepApplication" => value as bool? ?? throw Wrong(key, "true or false"),
        "RestartPolicy" => value is string policy ? policy.Trim().ToUpperInvariant() : throw Wrong(key, "a string"),
        _ => value as string ?? throw Wrong(key, "a string"),
    };

    private int Integer(string key, object value) => value switch
    {
        long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
        double number when number == Math.Floor(number) && Math.Abs(number) < int.MaxValue => (int)number,
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw Wrong(key, "a whole number"),
    };

    private ServiceConfigFileException Wrong(string key, string expected) =>
        new(Path, string.Format(CultureInfo.InvariantCulture, "{0} must be {1}", key, expected));

    private static Dictionary<string, object?>? Table(Dictionary<string, object?> table, string key) =>
        table.TryGetValue(key, out var value) ? value as Dictionary<string, object?> : null;

    private static Dictionary<string, object?> FromToml(TomlTable table) =>
        table.ToDictionary(pair => pair.Key, pair => FromTomlValue(pair.Value), StringComparer.Ordinal);

    private static object? FromTomlValue(object? value) => value switch
    {
        TomlTable table => FromToml(table),
        TomlTableArray tables => tables.Select(t => (object?)FromToml(t)).ToList(),
        TomlArray array => array.Select(FromTomlValue).ToList(),
        _ => value,
    };

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
