using System.Management.Automation;

namespace RailwayOps.Commands;

/// <summary>
/// Creates a volume mounted at -MountPath into a service in an environment (Railway's volumeCreate). Railway redeploys
/// the service with the volume attached. A service holds one volume: a second is refused before anything is sent.
/// </summary>
[Cmdlet(VerbsCommon.New, "RailwayVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RailwayVolume))]
public sealed class NewRailwayVolumeCommand : ServiceInstanceCmdlet
{
    /// <summary>The absolute path inside the container, e.g. /data.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string MountPath { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        if (!MountPath.StartsWith('/') || MountPath.Split('/').Contains(".."))
        {
            WriteFailure(CmdletFailure.InvalidVolumeMountPath, new ArgumentException(Format(CmdletText.InvalidVolumeMountPath, MountPath)), MountPath);
            return;
        }

        if (!TryResolveInstance(out var project, out var environment, out var service))
        {
            return;
        }

        var client = Client;
        RunNamed(service.Name, Format(CmdletText.PlaceService, service.Name, project.Name, environment.Name), () =>
        {
            var existing = Run(token => VolumeLookup.ListAsync(client, project, environment, token)).FirstOrDefault(v => v.ServiceId == service.ServiceId);
            if (existing is not null)
            {
                WriteFailure(CmdletFailure.VolumeExists, new InvalidOperationException(Format(CmdletText.VolumeExists, service.Name, environment.Name, existing.Name, existing.MountPath)), existing);
                return;
            }

            var target = $"{service.Name} ({environment.Name})";
            if (!ShouldProcess(target, Format(CmdletText.NewVolumeAction, MountPath)))
            {
                return;
            }

            var (volumeId, _) = Run(token => client.Volumes.CreateAsync(environment, service.ServiceId, MountPath, token));
            var created = Run(token => VolumeLookup.ListAsync(client, project, environment, token)).FirstOrDefault(v => v.VolumeId == volumeId);
            if (created is null)
            {
                WriteFailure(CmdletFailure.VolumeNotApplied, new InvalidOperationException(Format(CmdletText.VolumeNotApplied, volumeId, target)), volumeId);
                return;
            }

            WriteObject(created);
        });
    }
}
