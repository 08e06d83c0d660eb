using System.Text.Json;
using System.Text.Json.Nodes;

namespace RailwayOps.Core.Railway;

/// <summary>Volumes (<c>railway.Volumes</c>): an environment's volume instances, volumeCreate and volumeDelete.</summary>
public sealed class VolumesClient
{
    private readonly ApiConnection connection;

    internal VolumesClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>The volumes mounted in the environment (the first 100), with the names of their services.</summary>
    public async Task<IReadOnlyList<RailwayVolume>> ListAsync(RailwayEnvironment environment, IReadOnlyDictionary<string, string> serviceNames,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var data = await connection.QueryAsync("VolumeInstances",
            new JsonObject { ["environmentId"] = environment.EnvironmentId, ["projectId"] = environment.ProjectId }, cancellationToken).ConfigureAwait(false);
        var page = ModelMapper.Object(ApiConnection.Field(data, "environment"), "volumeInstances");
        if (page is not { } instances)
        {
            return [];
        }

        return ApiConnection.Nodes(instances).Select(node =>
        {
            var volume = ModelMapper.Object(node, "volume");
            var serviceId = ModelMapper.String(node, "serviceId");
            return new RailwayVolume
            {
                VolumeId = ModelMapper.String(node, "volumeId") ?? (volume is { } v ? ModelMapper.RequiredString(v, "id") : ModelMapper.RequiredString(node, "id")),
                Name = volume is { } named ? ModelMapper.String(named, "name") ?? string.Empty : string.Empty,
                ProjectId = environment.ProjectId,
                EnvironmentId = ModelMapper.String(node, "environmentId") ?? environment.EnvironmentId,
                EnvironmentName = environment.Name,
                ServiceId = serviceId,
                ServiceName = serviceId is not null && serviceNames.TryGetValue(serviceId, out var name) ? name : null,
                MountPath = ModelMapper.String(node, "mountPath") ?? string.Empty,
                CurrentSizeMB = node.TryGetProperty("currentSizeMB", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetDouble() : null,
                SizeMB = ModelMapper.Int(node, "sizeMB"),
                State = ModelMapper.String(node, "state"),
                VolumeInstanceId = ModelMapper.String(node, "id"),
                CreatedAt = ModelMapper.Date(node, "createdAt"),
            };
        }).ToList();
    }

    /// <summary>volumeCreate: a new volume mounted at <paramref name="mountPath"/> into the service in the environment. Sent once.</summary>
    public async Task<(string VolumeId, string Name)> CreateAsync(RailwayEnvironment environment, string serviceId, string mountPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var input = new JsonObject
        {
            ["projectId"] = environment.ProjectId,
            ["environmentId"] = environment.EnvironmentId,
            ["serviceId"] = serviceId,
            ["mountPath"] = mountPath,
        };
        var data = await connection.MutateAsync("VolumeCreate", new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        var node = ApiConnection.Field(data, "volumeCreate");
        return (ModelMapper.RequiredString(node, "id"), ModelMapper.String(node, "name") ?? string.Empty);
    }

    /// <summary>volumeDelete: the volume and its data. Sent once.</summary>
    public Task<bool> DeleteAsync(string volumeId, CancellationToken cancellationToken) =>
        connection.MutateFlagAsync("VolumeDelete", "volumeDelete", new JsonObject { ["volumeId"] = volumeId }, cancellationToken);
}
