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
        fields.Mutation("serviceDomainUpdate", ServiceDomainUpdate);
        fields.Mutation("customDomainUpdate", CustomDomainUpdate);
        fields.Mutation("customDomainIssueCertificate", CustomDomainIssueCertificate);
        // The emulator runs in one place: no regions to choose from.
        fields.Query("regions", _ => Array.Empty<object>());
    }

    /// <summary>A new label within up.railway.app, and/or a new target port.</summary>
    private static object ServiceDomainUpdate(IResolveFieldContext context)
    {
        var graph = G(context);
        var input = context.GetArgument<Dictionary<string, object?>>("input");
        var domain = Owned(graph, (string)input["serviceDomainId"]!, DomainEntity.ServiceKind, "ServiceDomain");
        graph.Store.UpdateDomain(domain.Id, (string)input["domain"]!, input.GetValueOrDefault("targetPort") as int?);
        return true;
    }

    private static object CustomDomainUpdate(IResolveFieldContext context)
    {
        var graph = G(context);
        var domain = Owned(graph, Arg(context, "id"), DomainEntity.CustomKind, "CustomDomain");
        graph.Store.UpdateDomain(domain.Id, null, context.GetArgument<int?>("targetPort"));
        return true;
    }

    /// <summary>A certificate needs the domain's DNS to point at Railway, which the emulator never sees.</summary>
    private static object CustomDomainIssueCertificate(IResolveFieldContext context)
    {
        Owned(G(context), Arg(context, "id"), DomainEntity.CustomKind, "CustomDomain");
        throw new EmulatorUserException("Domain ownership is not verified: the DNS record does not point at Railway yet");
    }

    private static DomainEntity Owned(GraphContext graph, string id, string kind, string what)
    {
        var domain = graph.Store.GetDomain(id);
        if (domain is null || domain.Kind != kind)
            throw GraphErrors.NotFound(what);
        graph.ServiceInstance(domain.EnvironmentId, domain.ServiceId);
        return domain;
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
