using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The environment a deployment's process gets: the service's variables plus the
/// RAILWAY_* variables Railway injects (API.md §1.6, §3.13).</summary>
public static class RuntimeVariables
{
    public static Dictionary<string, string> For(EngineContext context, ServiceInstanceRecord instance,
        DeploymentRecord deployment, int port, string? publicDomain)
    {
        var store = context.Store;
        var variables = new Dictionary<string, string>(store.GetServiceVariables(instance.EnvironmentId, instance.ServiceId),
            StringComparer.Ordinal);
        var meta = deployment.Meta;
        var repo = meta.Repo ?? instance.Repo ?? "";
        var slash = repo.IndexOf('/');
        variables["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        variables["RAILWAY_ENVIRONMENT"] = instance.EnvironmentName;
        variables["RAILWAY_ENVIRONMENT_NAME"] = instance.EnvironmentName;
        variables["RAILWAY_ENVIRONMENT_ID"] = instance.EnvironmentId;
        variables["RAILWAY_SERVICE_NAME"] = instance.ServiceName;
        variables["RAILWAY_SERVICE_ID"] = instance.ServiceId;
        variables["RAILWAY_PROJECT_NAME"] = instance.ProjectName;
        variables["RAILWAY_PROJECT_ID"] = instance.ProjectId;
        variables["RAILWAY_DEPLOYMENT_ID"] = deployment.Id;
        variables["RAILWAY_GIT_COMMIT_SHA"] = meta.CommitHash ?? "";
        variables["RAILWAY_GIT_BRANCH"] = meta.Branch ?? instance.Branch ?? "";
        variables["RAILWAY_GIT_REPO_OWNER"] = slash > 0 ? repo[..slash] : "";
        variables["RAILWAY_GIT_REPO_NAME"] = slash > 0 ? repo[(slash + 1)..] : repo;
        variables["RAILWAY_GIT_COMMIT_MESSAGE"] = meta.CommitMessage ?? "";
        variables["RAILWAY_GIT_AUTHOR"] = meta.CommitAuthor ?? "";
        variables["RAILWAY_PRIVATE_DOMAIN"] = $"{Slug(instance.ServiceName)}.railway.internal";
        variables[OrphanReaper.MarkerVariable] = context.InstanceId;
        if (publicDomain is not null)
        {
            variables["RAILWAY_PUBLIC_DOMAIN"] = publicDomain;
        }
        return variables;
    }

    private static string Slug(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
