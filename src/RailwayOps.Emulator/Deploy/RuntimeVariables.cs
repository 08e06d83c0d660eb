using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The environment a deployment's process gets: the service's variables plus the
/// RAILWAY_* variables Railway injects (API.md §1.6, §3.13), with references rendered.</summary>
public static class RuntimeVariables
{
    public static Dictionary<string, string> For(EngineContext context, ServiceInstanceRecord instance,
        DeploymentRecord deployment, int port, string? publicDomain)
    {
        var provided = ForService(instance, publicDomain);
        var meta = deployment.Meta;
        var repo = meta.Repo ?? instance.Repo ?? "";
        var slash = repo.IndexOf('/');
        provided["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        provided["RAILWAY_DEPLOYMENT_ID"] = deployment.Id;
        provided["RAILWAY_GIT_COMMIT_SHA"] = meta.CommitHash ?? "";
        provided["RAILWAY_GIT_BRANCH"] = meta.Branch ?? instance.Branch ?? "";
        provided["RAILWAY_GIT_REPO_OWNER"] = slash > 0 ? repo[..slash] : "";
        provided["RAILWAY_GIT_REPO_NAME"] = slash > 0 ? repo[(slash + 1)..] : repo;
        provided["RAILWAY_GIT_COMMIT_MESSAGE"] = meta.CommitMessage ?? "";
        provided["RAILWAY_GIT_AUTHOR"] = meta.CommitAuthor ?? "";
        if (context.Store.GetVolumeMount(instance.EnvironmentId, instance.ServiceId) is { } volume)
        {
            // Processes run on the host: the volume's folder is where its mount path would be.
            var folder = context.Options.VolumeDirectory(volume.VolumeId);
            Directory.CreateDirectory(folder);
            provided["RAILWAY_VOLUME_MOUNT_PATH"] = folder;
            provided["RAILWAY_VOLUME_NAME"] = volume.Name;
        }
        // Other services of the environment are seen as they are now (their proxy's domain).
        var references = VariableReferences.For(context.Store, instance.EnvironmentId, other =>
            other.ServiceId == instance.ServiceId ? provided : ForService(other, context.Proxies.GetOrStart(other).Domain));
        var variables = new Dictionary<string, string>(references.RenderForDeployment(instance.ServiceId),
            StringComparer.Ordinal);
        return variables;
    }

    /// <summary>The RAILWAY_* variables of a service instance that do not depend on a deployment; also
    /// what <c>${{Service.RAILWAY_...}}</c> references of other services see.</summary>
    public static Dictionary<string, string> ForService(ServiceInstanceRecord instance, string? publicDomain)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RAILWAY_PROJECT_ID"] = instance.ProjectId,
            ["RAILWAY_PROJECT_NAME"] = instance.ProjectName,
            ["RAILWAY_ENVIRONMENT_ID"] = instance.EnvironmentId,
            ["RAILWAY_ENVIRONMENT_NAME"] = instance.EnvironmentName,
            ["RAILWAY_ENVIRONMENT"] = instance.EnvironmentName,
            ["RAILWAY_SERVICE_ID"] = instance.ServiceId,
            ["RAILWAY_SERVICE_NAME"] = instance.ServiceName,
            ["RAILWAY_PRIVATE_DOMAIN"] = $"{Slug(instance.ServiceName)}.railway.internal",
        };
        if (DatabaseServers.KindOf(instance.Image) is { } kind && publicDomain is not null
            && publicDomain.LastIndexOf(':') is var colon and > 0)
        {
            // A database's TCP proxy (Railway's RAILWAY_TCP_PROXY_*) is the instance's loopback proxy. The emulator has
            // no private network: its private domain is loopback too, so ${{Postgres.DATABASE_URL}} works from an app on
            // this machine.
            variables["RAILWAY_PRIVATE_DOMAIN"] = publicDomain[..colon];
            variables["RAILWAY_TCP_PROXY_DOMAIN"] = publicDomain[..colon];
            variables["RAILWAY_TCP_PROXY_PORT"] = publicDomain[(colon + 1)..];
            variables["RAILWAY_TCP_APPLICATION_PORT"] = kind == DatabaseKind.Postgres ? "5432" : "6379";
        }
        if (publicDomain is not null)
        {
            variables["RAILWAY_PUBLIC_DOMAIN"] = publicDomain;
            variables["RAILWAY_SERVICE_" + instance.ServiceName.ToUpperInvariant().Replace('-', '_') + "_URL"] = publicDomain;
        }
        return variables;
    }

    private static string Slug(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
