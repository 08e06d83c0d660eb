using GraphQL;
using static RailwayOps.Emulator.Graph.Fields;

namespace RailwayOps.Emulator.Graph;

/// <summary>Domains: domains(environmentId, projectId, serviceId) (ServiceInstance.domains is the same view).</summary>
public static class DomainFields
{
    public static void Bind(FieldBinder fields)
    {
        fields.Query("domains", Domains);
    }

    private static object Domains(IResolveFieldContext context)
    {
        var graph = G(context);
        var instance = graph.ServiceInstance(Arg(context, "environmentId"), Arg(context, "serviceId"));
        if (instance.ProjectId != Arg(context, "projectId"))
            throw GraphErrors.NotFound("Project");
        return AllDomainsView.For(instance, graph);
    }
}
