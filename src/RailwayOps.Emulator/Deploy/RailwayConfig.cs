using System.Text.Json;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The config-as-code fields the emulator honours; null = not set in code.</summary>
public sealed record ConfigSection(
    string? BuildCommand = null, string? StartCommand = null, string? HealthcheckPath = null,
    int? HealthcheckTimeout = null, string? RestartPolicyType = null, int? RestartPolicyMaxRetries = null,
    IReadOnlyList<string>? WatchPatterns = null, int? NumReplicas = null)
{
    public ConfigSection OverriddenBy(ConfigSection? other) => other is null ? this : new ConfigSection(
        other.BuildCommand ?? BuildCommand, other.StartCommand ?? StartCommand,
        other.HealthcheckPath ?? HealthcheckPath, other.HealthcheckTimeout ?? HealthcheckTimeout,
        other.RestartPolicyType ?? RestartPolicyType, other.RestartPolicyMaxRetries ?? RestartPolicyMaxRetries,
        other.WatchPatterns ?? WatchPatterns, other.NumReplicas ?? NumReplicas);
}

/// <summary>The settings a deployment runs with, after code overrides service settings.</summary>
public sealed record EffectiveSettings(
    string? BuildCommand, string? StartCommand, string? HealthcheckPath, int HealthcheckTimeoutSeconds,
    string RestartPolicyType, int RestartPolicyMaxRetries, IReadOnlyList<string> WatchPatterns,
    string? ConfigFile, int NumReplicas = 1, bool ReplicasFromConfig = false)
{
    public const int DefaultHealthcheckTimeoutSeconds = 300;

    /// <summary>The most replicas the emulator runs for one deployment (they are processes on this host).</summary>
    public const int MaxReplicas = 10;
}

/// <summary>railway.toml / railway.json of a commit: the base config and its environments.* blocks.</summary>
public sealed record RailwayConfig(string FileName, ConfigSection Base, IReadOnlyDictionary<string, ConfigSection> Environments)
{
    public static RailwayConfig FromToml(string text) => FromTree(RailwayToml.Parse(text), "railway.toml");

    public static RailwayConfig FromJson(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        return FromTree(ToTree(document.RootElement) as Dictionary<string, object>
            ?? throw new FormatException("railway.json must hold an object"), "railway.json");
    }

    /// <summary>Order from Railway's docs: environments.&lt;name&gt;, environments.pr (PR environments),
    /// base config in code, then service settings.</summary>
    public static EffectiveSettings Resolve(RailwayConfig? config, ServiceSettingsRecord settings,
        string environmentName, bool isPullRequestEnvironment)
    {
        var fromSettings = new ConfigSection(settings.BuildCommand, settings.StartCommand, settings.HealthcheckPath,
            settings.HealthcheckTimeout, settings.RestartPolicyType, settings.RestartPolicyMaxRetries,
            settings.WatchPatterns, settings.NumReplicas);
        var merged = fromSettings;
        var replicasInCode = false;
        if (config is not null)
        {
            merged = merged.OverriddenBy(config.Base);
            replicasInCode = config.Base.NumReplicas is not null;
            if (isPullRequestEnvironment && config.Environments.TryGetValue("pr", out var pr))
            {
                merged = merged.OverriddenBy(pr);
                replicasInCode |= pr.NumReplicas is not null;
            }
            if (config.Environments.TryGetValue(environmentName, out var named))
            {
                merged = merged.OverriddenBy(named);
                replicasInCode |= named.NumReplicas is not null;
            }
        }
        return new EffectiveSettings(
            Blank(merged.BuildCommand), Blank(merged.StartCommand), Blank(merged.HealthcheckPath),
            merged.HealthcheckTimeout is > 0 ? merged.HealthcheckTimeout.Value : EffectiveSettings.DefaultHealthcheckTimeoutSeconds,
            NormalisePolicy(merged.RestartPolicyType), Math.Max(0, merged.RestartPolicyMaxRetries ?? 10),
            merged.WatchPatterns ?? [], config?.FileName,
            Math.Clamp(merged.NumReplicas ?? 1, 1, EffectiveSettings.MaxReplicas),
            ReplicasFromConfig: replicasInCode);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string NormalisePolicy(string? policy) => policy?.Trim().ToUpperInvariant() switch
    {
        "ALWAYS" => "ALWAYS",
        "NEVER" => "NEVER",
        _ => "ON_FAILURE",
    };

    private static RailwayConfig FromTree(Dictionary<string, object> tree, string fileName)
    {
        var environments = new Dictionary<string, ConfigSection>(StringComparer.Ordinal);
        if (tree.TryGetValue("environments", out var envs) && envs is Dictionary<string, object> envTable)
        {
            foreach (var (name, block) in envTable)
            {
                if (block is Dictionary<string, object> blockTable)
                {
                    environments[name] = ReadSection(blockTable);
                }
            }
        }
        return new RailwayConfig(fileName, ReadSection(tree), environments);
    }

    private static ConfigSection ReadSection(Dictionary<string, object> tree)
    {
        var build = Table(tree, "build");
        var deploy = Table(tree, "deploy");
        return new ConfigSection(
            String(build, "buildCommand"), String(deploy, "startCommand"), String(deploy, "healthcheckPath"),
            Int(deploy, "healthcheckTimeout"), String(deploy, "restartPolicyType"),
            Int(deploy, "restartPolicyMaxRetries"), Strings(build, "watchPatterns"), Replicas(deploy));
    }

    /// <summary>deploy.numReplicas, else the sum of deploy.multiRegionConfig.&lt;region&gt;.numReplicas (every
    /// region runs on this host).</summary>
    private static int? Replicas(Dictionary<string, object>? deploy)
    {
        if (Int(deploy, "numReplicas") is { } count)
        {
            return count;
        }
        if (Table(deploy ?? [], "multiRegionConfig") is not { } regions)
        {
            return null;
        }
        int? total = null;
        foreach (var region in regions.Values)
        {
            if (region is Dictionary<string, object> table && Int(table, "numReplicas") is { } n)
            {
                total = (total ?? 0) + n;
            }
        }
        return total;
    }

    private static Dictionary<string, object>? Table(Dictionary<string, object> tree, string key) =>
        tree.TryGetValue(key, out var value) ? value as Dictionary<string, object> : null;

    private static string? String(Dictionary<string, object>? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) ? value as string : null;

    private static int? Int(Dictionary<string, object>? table, string key) =>
        table is not null && table.TryGetValue(key, out var value)
            ? value switch { long l => (int)l, double d => (int)d, string s when int.TryParse(s, out var i) => i, _ => null }
            : null;

    private static IReadOnlyList<string>? Strings(Dictionary<string, object>? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) && value is List<object> list
            ? list.OfType<string>().ToList()
            : null;

    private static object ToTree(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject()
            .Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .ToDictionary(p => p.Name, p => ToTree(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(ToTree).ToList(),
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => "",
    };
}

/// <summary>The config file of a folder (an unpacked upload), as <see cref="EngineContext.ReadConfig"/> reads a commit's.</summary>
public static class RailwayConfigFiles
{
    public static RailwayConfig? ReadFolder(string folder)
    {
        var toml = Path.Combine(folder, "railway.toml");
        if (File.Exists(toml))
        {
            return RailwayConfig.FromToml(File.ReadAllText(toml));
        }
        var json = Path.Combine(folder, "railway.json");
        return File.Exists(json) ? RailwayConfig.FromJson(File.ReadAllText(json)) : null;
    }
}
