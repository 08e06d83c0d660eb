using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Volumes: Environment.volumeInstances, volumeCreate and volumeDelete. A volume is a folder under the state
/// directory (volumes/&lt;id&gt;) that outlives deployments, restarts and the emulator; attaching or deleting one
/// redeploys the service it belongs to, as on Railway.</summary>
public static class VolumeFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Resolve("Environment", "volumeInstances", EnvironmentVolumeInstances);
        fields.Mutation("volumeCreate", VolumeCreate);
        fields.Mutation("volumeDelete", VolumeDelete);
    }

    private static object EnvironmentVolumeInstances(IResolveFieldContext context)
    {
        var graph = G(context);
        var environment = (EnvironmentView)context.Source!;
        if (!graph.Caller.CanSeeEnvironment(environment.ProjectId, environment.Id))
            throw GraphErrors.NotAuthorized();
        return ConnectionView.FromList(graph.Store.GetVolumes(environment.Id), v => new VolumeInstanceView(v, graph), RelayArguments.From(context));
    }

    private static object VolumeCreate(IResolveFieldContext context)
    {
        var graph = G(context);
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var projectId = (string)input["projectId"]!;
        var project = graph.Project(projectId);
        if (input.GetValueOrDefault("environmentId") is not string environmentId)
            throw new ExecutionError("The emulator needs environmentId: a volume is mounted in one environment");
        var environment = graph.Environment(environmentId);
        if (environment.ProjectId != project.Id)
            throw GraphErrors.NotFound("Environment");
        var serviceId = input.GetValueOrDefault("serviceId") as string;
        if (serviceId is not null)
            graph.ServiceInstance(environment.Id, serviceId);
        var mountPath = (string)input["mountPath"]!;
        if (!mountPath.StartsWith('/'))
            throw new ExecutionError("mountPath must be an absolute path");
        var volume = graph.Store.CreateVolume(project.Id, environment.Id, serviceId, mountPath);
        if (serviceId is not null)
            graph.Engine.VolumeAttached(environment.Id, serviceId);
        return new VolumeView(volume, graph);
    }

    private static object VolumeDelete(IResolveFieldContext context)
    {
        var graph = G(context);
        var volume = graph.Store.GetVolume(Arg(context, "volumeId")) ?? throw GraphErrors.NotFound("Volume");
        graph.Environment(volume.EnvironmentId);
        graph.Store.DeleteVolume(volume.Id);
        graph.Engine.VolumeDeleted(volume.Id, volume.EnvironmentId, volume.ServiceId);
        return true;
    }
}

public sealed class VolumeView(VolumeEntity volume, GraphContext graph)
{
    public string Id => volume.Id;
    public string Name => volume.Name;
    public string ProjectId => volume.ProjectId;
    public DateTimeOffset CreatedAt => volume.CreatedAt;
    public ProjectView Project => new(graph.Project(volume.ProjectId), graph);
}

public sealed class VolumeInstanceView(VolumeEntity volume, GraphContext graph)
{
    public string Id => volume.InstanceId;
    public string VolumeId => volume.Id;
    public string EnvironmentId => volume.EnvironmentId;
    public string? ServiceId => volume.ServiceId;
    public string MountPath => volume.MountPath;
    public DateTimeOffset CreatedAt => volume.CreatedAt;
    public string State => "READY";
    /// <summary>Railway's default volume size on the Hobby plan (5 GB); the emulator enforces no limit.</summary>
    public int SizeMB => 5000;
    public double CurrentSizeMB => graph.Engine.VolumeSizeMB(volume.Id);
    public VolumeView Volume => new(volume, graph);
}
