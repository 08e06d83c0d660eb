using GraphQL;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Domains: domains(environmentId, projectId, serviceId) (ServiceInstance.domains is the same view),
/// serviceDomainCreate/Delete and customDomainCreate/Delete.</summary>
public static class DomainFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("domains", Domains);
        fields.Query("customDomainAvailable", CustomDomainAvailable);
        fields.Mutation("serviceDomainCreate", ServiceDomainCreate);
        fields.Mutation("serviceDomainDelete", ServiceDomainDelete);
        fields.Mutation("customDomainCreate", CustomDomainCreate);
        fields.Mutation("customDomainDelete", CustomDomainDelete);
    }

    private static object Domains(IResolveFieldContext context)
    {
        var graph = G(context);
        var instance = graph.ServiceInstance(Arg(context, "environmentId"), Arg(context, "serviceId"));
        if (instance.ProjectId != Arg(context, "projectId"))
            throw GraphErrors.NotFound("Project");
        return AllDomainsView.For(instance, graph);
    }

    private static object CustomDomainAvailable(IResolveFieldContext context)
    {
        var host = Arg(context, "domain").Trim().TrimEnd('.');
        return G(context).Store.FindDomainByHost(host) is null
            ? new DomainAvailableView(true, "")
            : new DomainAvailableView(false, $"Domain {host.ToLowerInvariant()} is already in use");
    }

    private sealed record DomainAvailableView(bool Available, string Message);

    private static object ServiceDomainCreate(IResolveFieldContext context)
    {
        var graph = G(context);
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var instance = graph.ServiceInstance((string)input["environmentId"]!, (string)input["serviceId"]!);
        return ServiceDomainView.Of(graph.Store.CreateServiceDomain(instance.EnvironmentId, instance.ServiceId, input.GetValueOrDefault("targetPort") as int?));
    }

    private static object CustomDomainCreate(IResolveFieldContext context)
    {
        var graph = G(context);
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var instance = graph.ServiceInstance((string)input["environmentId"]!, (string)input["serviceId"]!);
        if (instance.ProjectId != (string?)input.GetValueOrDefault("projectId"))
            throw GraphErrors.NotFound("Project");
        var domain = graph.Store.CreateCustomDomain(instance.EnvironmentId, instance.ServiceId, (string)input["domain"]!, input.GetValueOrDefault("targetPort") as int?);
        return CustomDomainView.Of(domain, AllDomainsView.Slug(instance.ServiceName));
    }

    private static object ServiceDomainDelete(IResolveFieldContext context) => Delete(context, DomainEntity.ServiceKind, "ServiceDomain");

    private static object CustomDomainDelete(IResolveFieldContext context) => Delete(context, DomainEntity.CustomKind, "CustomDomain");

    private static object Delete(IResolveFieldContext context, string kind, string what)
    {
        var graph = G(context);
        var id = Arg(context, "id");
        if (kind == DomainEntity.ServiceKind && id.StartsWith("domain-", StringComparison.Ordinal))
            throw new EmulatorUserException("The emulator's loopback address of a service cannot be deleted");
        var domain = graph.Store.GetDomain(id);
        if (domain is null || domain.Kind != kind)
            throw GraphErrors.NotFound(what);
        graph.ServiceInstance(domain.EnvironmentId, domain.ServiceId);
        return Done(() => graph.Store.DeleteDomain(id, kind));
    }
}
