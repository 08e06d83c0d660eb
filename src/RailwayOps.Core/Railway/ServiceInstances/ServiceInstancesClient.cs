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
