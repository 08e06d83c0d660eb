using System.Text.Json;

namespace RailwayOps.Core.Auth;

/// <summary>
/// The Railway CLI's ~/.railway/config.json (config-staging.json / config-dev.json per RAILWAY_ENV):
/// linked folders and the login tokens. Read-only: RailwayOps never writes the CLI's file.
/// </summary>
public sealed class RailwayCliConfig
{
    private readonly Dictionary<string, LinkedProject> projects;

    private RailwayCliConfig(string path, Dictionary<string, LinkedProject> projects, string? accessToken, string? legacyToken)
    {
        Path = path;
        this.projects = projects;
        AccessToken = accessToken;
        LegacyToken = legacyToken;
    }

    public string Path { get; }

    /// <summary>user.accessToken (an OAuth login).</summary>
    public string? AccessToken { get; }

    /// <summary>user.token (a legacy CLI login).</summary>
    public string? LegacyToken { get; }

    public IReadOnlyCollection<LinkedProject> LinkedProjects => projects.Values;

    /// <summary>The config file path for the host RAILWAY_ENV selects, or null without a home folder.</summary>
    public static string? GetPath(ISystemEnvironment environment)
    {
        var home = environment.HomeDirectory;
        if (string.IsNullOrEmpty(home))
        {
            return null;
        }

        var fileName = environment.GetVariable(EnvironmentVariableNames.RailwayEnv)?.Trim().ToLowerInvariant() switch
        {
            "staging" => "config-staging.json",
            "dev" or "develop" => "config-dev.json",
            _ => "config.json",
        };
        return System.IO.Path.Combine(home, ".railway", fileName);
    }

    /// <summary>Reads the file; null when it does not exist. An unparseable file is reported through <paramref name="warn"/> and ignored, as the CLI does.</summary>
    public static RailwayCliConfig? Load(ISystemEnvironment environment, Action<string>? warn = null)
    {
        var path = GetPath(environment);
        if (path is null)
        {
            return null;
        }

        var text = environment.ReadFile(path);
        if (text is null)
        {
            return null;
        }

        try
        {
            return Parse(path, text);
        }
        catch (JsonException)
        {
            warn?.Invoke(string.Format(Messages.UnparseableConfig, path));
            return null;
        }
    }

    public static RailwayCliConfig Parse(string path, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The config root is not an object.");
        }

        var links = new Dictionary<string, LinkedProject>(StringComparer.Ordinal);
        if (root.TryGetProperty("projects", out var projectsElement) && projectsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in projectsElement.EnumerateObject())
            {
                var projectId = GetString(entry.Value, "project");
                if (projectId is null)
                {
                    continue;
                }

                links[entry.Name] = new LinkedProject(
                    entry.Name,
                    projectId,
                    GetString(entry.Value, "name"),
                    GetString(entry.Value, "environment"),
                    GetString(entry.Value, "environmentName"),
                    GetString(entry.Value, "service"));
            }
        }

        string? accessToken = null;
        string? legacyToken = null;
        if (root.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object)
        {
            accessToken = GetString(user, "accessToken");
            legacyToken = GetString(user, "token");
        }

        return new RailwayCliConfig(path, links, accessToken, legacyToken);
    }

    /// <summary>
    /// The link of the nearest ancestor of <paramref name="directory"/> (itself included). Keys are
    /// compared exactly, as the CLI compares them: no case folding, no trailing separator.
    /// </summary>
    public LinkedProject? FindLinkedProject(string? directory)
    {
        var current = TrimTrailingSeparator(directory);
        while (!string.IsNullOrEmpty(current))
        {
            if (projects.TryGetValue(current, out var link))
            {
                return link;
            }

            current = System.IO.Path.GetDirectoryName(current);
        }

        return null;
    }

    private static string? TrimTrailingSeparator(string? directory)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return directory;
        }

        var root = System.IO.Path.GetPathRoot(directory);
        var trimmed = directory.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        return trimmed.Length == 0 || (root is not null && trimmed.Length < root.Length) ? root : trimmed;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
