using RailwayOps.Core.Railway;

namespace RailwayOps.Core.Health;

/// <summary>Where a health-check path came from.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum HealthPathSource
{
    /// <summary>-HealthPath named it.</summary>
    Parameter,

    /// <summary>The service instance's healthcheckPath in Railway.</summary>
    ServiceSettings,

    /// <summary>deploy.healthcheckPath in the repository's railway.toml / railway.json.</summary>
    ConfigFile,

    /// <summary>None of those set one: /api/health, the CPWTR workflow's path.</summary>
    Default,
}

/// <summary>The health-check path to probe and where it came from.</summary>
public sealed record HealthPathChoice(string Path, HealthPathSource Source, string? File = null)
{
    public override string ToString() => Source switch
    {
        HealthPathSource.Parameter => $"{Path} (-HealthPath)",
        HealthPathSource.ServiceSettings => $"{Path} (the service's healthcheckPath in Railway)",
        HealthPathSource.ConfigFile => $"{Path} ({File})",
        _ => $"{Path} (the default: no healthcheckPath in Railway or a config file)",
    };
}

/// <summary>
/// Picks the health path the way Railway decides it today: the parameter when given, then the service
/// instance's own <c>healthcheckPath</c> (Railway's settings are the source now that config as code is
/// deprecated), then the repository's railway.toml / railway.json (existing files keep working), then /api/health.
/// </summary>
public static class HealthPathResolver
{
    public static async Task<HealthPathChoice> ResolveAsync(RailwayClient client, string? explicitPath, string environmentId, string? environmentName,
        string serviceId, string searchFrom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new HealthPathChoice(explicitPath.Trim(), HealthPathSource.Parameter);
        }
        var settings = await client.ServiceInstances.GetSettingsAsync(environmentId, serviceId, cancellationToken).ConfigureAwait(false);
        return FromSettings(settings.HealthcheckPath, searchFrom, environmentName);
    }

    /// <summary>The choice once Railway's setting is known (null when the service sets none).</summary>
    public static HealthPathChoice FromSettings(string? railwayPath, string searchFrom, string? environmentName)
    {
        if (!string.IsNullOrWhiteSpace(railwayPath))
        {
            return new HealthPathChoice(railwayPath.Trim(), HealthPathSource.ServiceSettings);
        }
        var file = ServiceHealthTargetConfig.FindHealthPath(searchFrom, environmentName);
        return file.SourceFile is null
            ? new HealthPathChoice(ServiceHealthTarget.DefaultPath, HealthPathSource.Default)
            : new HealthPathChoice(file.Path, HealthPathSource.ConfigFile, file.SourceFile);
    }
}
