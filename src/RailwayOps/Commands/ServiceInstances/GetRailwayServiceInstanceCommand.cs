using System.Management.Automation;

namespace RailwayOps.Commands;

/// <summary>The settings of a service in an environment (Railway's serviceInstance), as one typed object.</summary>
[Cmdlet(VerbsCommon.Get, "RailwayServiceInstance")]
[OutputType(typeof(RailwayServiceInstance))]
public sealed class GetRailwayServiceInstanceCommand : ServiceInstanceCmdlet
{
    protected override void ProcessRecord()
    {
        if (!TryResolveInstance(out var project, out var environment, out var service))
        {
            return;
        }

        var client = Client;
        RunNamed(service.Name, Format(CmdletText.PlaceService, service.Name, project.Name, environment.Name), () => WriteObject(Run(token => client.ServiceInstances.GetAsync(project, environment, service, token))));
    }
}
