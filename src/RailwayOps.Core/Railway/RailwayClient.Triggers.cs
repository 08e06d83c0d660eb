using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

public sealed partial class RailwayClient
{
    /// <summary>
    /// Every environment of the project the token sees, each with its service instances' deploy triggers and
    /// healthcheckPath (the first 100 per environment), in one request per page of environments.
    /// </summary>
    public async Task<IReadOnlyList<RailwayEnvironmentTriggers>> GetEnvironmentTriggersAsync(RailwayProject project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var environments = new List<RailwayEnvironmentTriggers>();
        var variables = new JsonObject { ["projectId"] = project.ProjectId };
        await foreach (var node in PageAsync("EnvironmentTriggers", variables, data => Field(data, "environments"), null, cancellationToken).ConfigureAwait(false))
        {
            var environment = ModelMapper.Environment(node, project.Name);
            var triggers = ModelMapper.Object(node, "deploymentTriggers") is { } connection
                ? Nodes(connection).Select(trigger => ModelMapper.Trigger(trigger, environment.EnvironmentId)).ToList()
                : new List<RailwayDeploymentTrigger>();
            var paths = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (ModelMapper.Object(node, "serviceInstances") is { } instances)
            {
                foreach (var instance in Nodes(instances))
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
    public async Task<RailwayServiceInstanceSettings> GetServiceInstanceSettingsAsync(string environmentId, string serviceId, CancellationToken cancellationToken)
    {
        var data = await transport.QueryAsync("ServiceInstanceSettings",
            new JsonObject { ["environmentId"] = environmentId, ["serviceId"] = serviceId }, cancellationToken).ConfigureAwait(false);
        var node = Field(data, "serviceInstance");
        var source = ModelMapper.Object(node, "source");
        return new RailwayServiceInstanceSettings(
            environmentId,
            serviceId,
            ModelMapper.String(node, "healthcheckPath"),
            node.TryGetProperty("healthcheckTimeout", out var timeout) && timeout.ValueKind == JsonValueKind.Number ? timeout.GetInt32() : null,
            source is { } s ? ModelMapper.String(s, "repo") : null);
    }
}
