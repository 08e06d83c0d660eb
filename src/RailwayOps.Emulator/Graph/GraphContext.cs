using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Graph;

/// <summary>What every resolver of one request needs: the caller, the store and the engine.</summary>
public sealed class GraphContext(Caller caller, EmulatorStore store, IDeploymentEngine engine) : Dictionary<string, object?>
{
    public Caller Caller { get; } = caller;
    public EmulatorStore Store { get; } = store;
    public IDeploymentEngine Engine { get; } = engine;

    public static GraphContext Of(IResolveFieldContext context) => (GraphContext)context.UserContext;

    public ProjectEntity Project(string projectId)
    {
        var project = Store.GetProject(projectId) ?? throw GraphErrors.NotFound("Project");
        if (!Caller.CanSeeProject(project.Id))
            throw GraphErrors.NotAuthorized();
        return project;
    }

    public EnvironmentRecord Environment(string environmentId)
    {
        var environment = Store.GetEnvironment(environmentId) ?? throw GraphErrors.NotFound("Environment");
        if (!Caller.CanSeeEnvironment(environment.ProjectId, environment.Id))
            throw GraphErrors.NotAuthorized();
        return environment;
    }

    public ServiceEntity Service(string serviceId)
    {
        var service = Store.GetService(serviceId) ?? throw GraphErrors.NotFound("Service");
        if (!Caller.CanSeeProject(service.ProjectId))
            throw GraphErrors.NotAuthorized();
        return service;
    }

    public DeploymentRecord Deployment(string deploymentId)
    {
        var deployment = Store.GetDeployment(deploymentId) ?? throw GraphErrors.NotFound("Deployment");
        if (!Caller.CanSeeEnvironment(deployment.ProjectId, deployment.EnvironmentId))
            throw GraphErrors.NotAuthorized();
        return deployment;
    }

    public ServiceInstanceRecord ServiceInstance(string environmentId, string serviceId)
    {
        Environment(environmentId);
        Service(serviceId);
        return Store.GetServiceInstance(environmentId, serviceId) ?? throw GraphErrors.NotFound("ServiceInstance");
    }
}

/// <summary>Railway's error messages, as its clients match them.</summary>
public static class GraphErrors
{
    public const string NotAuthorizedMessage = "Not Authorized";

    public static ExecutionError NotAuthorized() => new(NotAuthorizedMessage);

    public static ExecutionError NotFound(string what) => new($"{what} not found");
}
