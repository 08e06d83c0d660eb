using RailwayOps.Core.Railway;

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
/// The file is found and read by <see cref="ServiceConfigFile"/>, the one config-file reader.
/// </summary>
public static class ServiceHealthTargetConfig
{
    public static HealthPathSetting FindHealthPath(string startDirectory, string? environmentName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(startDirectory);
        var file = ServiceConfigFile.Find(startDirectory);
        if (file is null)
        {
            return HealthPathSetting.Default;
        }

        var path = ReadFile(file, environmentName);
        return path is null ? HealthPathSetting.Default : new HealthPathSetting(path, file);
    }

    /// <summary>
    /// The path the file sets for <paramref name="environmentName"/>, or null when it sets none. A file that cannot
    /// be read or is not valid TOML / JSON (a key set twice included) sets nothing: the default path applies, as if
    /// it were absent.
    /// </summary>
    public static string? ReadFile(string file, string? environmentName)
    {
        try
        {
            return ServiceConfigFile.Read(file).HealthcheckPathFor(environmentName);
        }
        catch (Exception exception) when (exception is ServiceConfigFileException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
