using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

/// <summary>
/// A service in an environment (<c>railway.ServiceInstances</c>): its own settings and the deploy triggers
/// that start its deployments. The operations are the .graphql files beside this one.
/// </summary>
public sealed class ServiceInstancesClient
{
    private readonly ApiConnection connection;

    internal ServiceInstancesClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>
    /// Every environment of the project the token sees, each with its service instances' deploy triggers and
    /// healthcheckPath (the first 100 per environment), in one request per page of environments.
    /// </summary>
    public async Task<IReadOnlyList<RailwayEnvironmentTriggers>> ListTriggersAsync(RailwayProject project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var environments = new List<RailwayEnvironmentTriggers>();
        var variables = new JsonObject { ["projectId"] = project.ProjectId };
        await foreach (var node in connection.PageAsync("EnvironmentTriggers", variables, data => ApiConnection.Field(data, "environments"), null, cancellationToken).ConfigureAwait(false))
        {
            var environment = EnvironmentsClient.Map(node, project.Name);
            var triggers = ModelMapper.Object(node, "deploymentTriggers") is { } triggerPage
                ? ApiConnection.Nodes(triggerPage).Select(trigger => MapTrigger(trigger, environment.EnvironmentId)).ToList()
                : new List<RailwayDeploymentTrigger>();
            var paths = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (ModelMapper.Object(node, "serviceInstances") is { } instances)
            {
                foreach (var instance in ApiConnection.Nodes(instances))
                {
                    if (ModelMapper.String(instance, "serviceId") is { } serviceId)
                    {
                        paths[serviceId] = ModelMapper.String(instance, "healthcheckPath");
                    }
                }
            }
            environments.Add(new RailwayEnvironmentTriggers(environment, triggers) { HealthcheckPaths = paths });
        }

        return environments;
    }

    /// <summary>The service instance's own settings (health-check path and timeout, source repository).</summary>
    public async Task<RailwayServiceInstanceSettings> GetSettingsAsync(string environmentId, string serviceId, CancellationToken cancellationToken)
    {
        var data = await connection.QueryAsync("ServiceInstanceSettings",
            new JsonObject { ["environmentId"] = environmentId, ["serviceId"] = serviceId }, cancellationToken).ConfigureAwait(false);
        var node = ApiConnection.Field(data, "serviceInstance");
        var source = ModelMapper.Object(node, "source");
        return new RailwayServiceInstanceSettings(
            environmentId,
            serviceId,
            ModelMapper.String(node, "healthcheckPath"),
            node.TryGetProperty("healthcheckTimeout", out var timeout) && timeout.ValueKind == JsonValueKind.Number ? timeout.GetInt32() : null,
            source is { } s ? ModelMapper.String(s, "repo") : null);
    }

    /// <summary>Every setting of the service instance (one request).</summary>
    public async Task<RailwayServiceInstance> GetAsync(RailwayProject project, RailwayEnvironment environment, RailwayService service,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(service);
        var data = await connection.QueryAsync("ServiceInstance",
            new JsonObject { ["environmentId"] = environment.EnvironmentId, ["serviceId"] = service.ServiceId }, cancellationToken).ConfigureAwait(false);
        var node = ApiConnection.Field(data, "serviceInstance");
        var source = ModelMapper.Object(node, "source");
        var latest = ModelMapper.Object(node, "latestDeployment");
        return new RailwayServiceInstance
        {
            ProjectId = project.ProjectId,
            ProjectName = project.Name,
            EnvironmentId = ModelMapper.String(node, "environmentId") ?? environment.EnvironmentId,
            EnvironmentName = environment.Name,
            ServiceId = ModelMapper.String(node, "serviceId") ?? service.ServiceId,
            ServiceName = ModelMapper.String(node, "serviceName") ?? service.Name,
            Builder = ModelMapper.String(node, "builder"),
            BuildCommand = ModelMapper.String(node, "buildCommand"),
            RootDirectory = ModelMapper.String(node, "rootDirectory"),
            ConfigFile = ModelMapper.String(node, "railwayConfigFile"),
            StartCommand = ModelMapper.String(node, "startCommand"),
            HealthcheckPath = ModelMapper.String(node, "healthcheckPath"),
            HealthcheckTimeout = ModelMapper.Int(node, "healthcheckTimeout"),
            RestartPolicy = ModelMapper.String(node, "restartPolicyType"),
            RestartPolicyMaxRetries = ModelMapper.Int(node, "restartPolicyMaxRetries"),
            Replicas = ModelMapper.Int(node, "numReplicas"),
            Region = ModelMapper.String(node, "region"),
            WatchPatterns = node.TryGetProperty("watchPatterns", out var patterns) && patterns.ValueKind == JsonValueKind.Array
                ? patterns.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToList()
                : [],
            SleepApplication = node.TryGetProperty("sleepApplication", out var sleep) && sleep.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? sleep.GetBoolean() : null,
            CronSchedule = ModelMapper.String(node, "cronSchedule"),
            SourceRepo = source is { } s ? ModelMapper.String(s, "repo") : null,
            SourceImage = source is { } i ? ModelMapper.String(i, "image") : null,
            LatestDeploymentId = latest is { } l ? ModelMapper.String(l, "id") : null,
            LatestDeploymentStatus = latest is { } d ? ModelMapper.String(d, "status") : null,
        };
    }

    /// <summary>
    /// Writes the change: the replica count as Railway's CLI does (environmentPatchCommit of
    /// <c>services.&lt;id&gt;.deploy.multiRegionConfig.&lt;region&gt;.numReplicas</c>, the region being the change's or the
    /// instance's own; serviceInstanceUpdate's numReplicas when the instance names no region), everything else in one
    /// serviceInstanceUpdate. Each mutation is sent once; nothing is sent for an empty change.
    /// </summary>
    public async Task UpdateAsync(RailwayServiceInstance current, RailwayServiceInstanceChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        var input = new JsonObject();
        void Put(string name, JsonNode? value, bool given)
        {
            if (given)
            {
                input[name] = value;
            }
        }

        Put("buildCommand", change.BuildCommand, change.BuildCommand is not null);
        Put("startCommand", change.StartCommand, change.StartCommand is not null);
        Put("healthcheckPath", change.HealthcheckPath, change.HealthcheckPath is not null);
        Put("healthcheckTimeout", change.HealthcheckTimeout, change.HealthcheckTimeout is not null);
        Put("restartPolicyType", change.RestartPolicy, change.RestartPolicy is not null);
        Put("restartPolicyMaxRetries", change.RestartPolicyMaxRetries, change.RestartPolicyMaxRetries is not null);
        Put("watchPatterns", change.WatchPatterns is { } patterns ? new JsonArray(patterns.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()) : null, change.WatchPatterns is not null);
        Put("sleepApplication", change.SleepApplication, change.SleepApplication is not null);
        Put("cronSchedule", change.CronSchedule, change.CronSchedule is not null);
        Put("railwayConfigFile", change.ConfigFile, change.ConfigFile is not null);
        var region = change.Region ?? current.Region;
        if (change.Replicas is { } replicas && region is null)
        {
            input["numReplicas"] = replicas;
        }
        else if (change.Region is not null && change.Replicas is null)
        {
            input["region"] = change.Region;
        }

        if (input.Count > 0)
        {
            await connection.MutateFlagAsync("ServiceInstanceUpdate", "serviceInstanceUpdate", new JsonObject
            {
                ["environmentId"] = current.EnvironmentId,
                ["serviceId"] = current.ServiceId,
                ["input"] = input,
            }, cancellationToken).ConfigureAwait(false);
        }

        if (change.Replicas is { } count && region is not null)
        {
            var regions = new JsonObject { [region] = new JsonObject { ["numReplicas"] = count } };
            if (current.Region is { } old && old != region)
            {
                // Moving regions: the old one is emptied, as the CLI's patch does with a null entry.
                regions[old] = null;
            }

            var patch = new JsonObject
            {
                ["services"] = new JsonObject
                {
                    [current.ServiceId] = new JsonObject { ["deploy"] = new JsonObject { ["multiRegionConfig"] = regions } },
                },
            };
            await connection.MutateAsync("EnvironmentPatchCommit", new JsonObject
            {
                ["environmentId"] = current.EnvironmentId,
                ["patch"] = patch,
                ["commitMessage"] = $"Scale {current.ServiceName ?? current.ServiceId} to {count} replica(s)",
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static RailwayDeploymentTrigger MapTrigger(JsonElement node, string environmentId) => new()
    {
        TriggerId = ModelMapper.RequiredString(node, "id"),
        EnvironmentId = ModelMapper.String(node, "environmentId") ?? environmentId,
        ServiceId = ModelMapper.String(node, "serviceId"),
        Branch = ModelMapper.RequiredString(node, "branch"),
        Repository = ModelMapper.RequiredString(node, "repository"),
        Provider = ModelMapper.String(node, "provider"),
    };
}
