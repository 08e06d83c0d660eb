using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>The volumes of an environment (Railway's volume instances there), or of one service in it.</summary>
[Cmdlet(VerbsCommon.Get, "RailwayVolume")]
[OutputType(typeof(RailwayVolume))]
public sealed class GetRailwayVolumeCommand : ServiceInstanceCmdlet
{
    protected override void ProcessRecord()
    {
        if (!TryResolveEnvironment(out var project, out var environment, out var service, serviceRequired: false))
        {
            return;
        }

        var client = Client;
        RunNamed(service?.Name ?? environment.Name, service is null ? Format(CmdletText.PlaceEnvironment, environment.Name, project.Name) : Format(CmdletText.PlaceService, service.Name, project.Name, environment.Name), () =>
        {
            foreach (var volume in Run(token => VolumeLookup.ListAsync(client, project, environment, token)))
            {
                if (service is null || volume.ServiceId == service.ServiceId)
                {
                    WriteObject(volume);
                }
            }
        });
    }
}

/// <summary>An environment's volumes with their services' names (two requests).</summary>
internal static class VolumeLookup
{
    public static async Task<IReadOnlyList<RailwayVolume>> ListAsync(RailwayClient client, RailwayProject project, RailwayEnvironment environment, CancellationToken token)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var service in client.Projects.ListServicesAsync(project, token).ConfigureAwait(false))
        {
            names[service.ServiceId] = service.Name;
        }

        return await client.Volumes.ListAsync(environment, names, token).ConfigureAwait(false);
    }
}
