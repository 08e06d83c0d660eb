using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Deletes a volume and its data (Railway's volumeDelete). Confirms by default (ConfirmImpact High); -Force does not.</summary>
[Cmdlet(VerbsCommon.Remove, "RailwayVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveRailwayVolumeCommand : RailwayApiCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("VolumeId")]
    [ValidateNotNullOrEmpty]
    public string Id { get; set; } = string.Empty;

    /// <summary>The volume's name, when piped from Get-RailwayVolume (shown in the confirmation).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Name { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var target = Name is null ? Id : $"{Name} ({Id})";
        if (!ShouldProcessWithForce(target, CmdletText.RemoveVolumeAction, Force))
        {
            return;
        }

        var client = Client;
        RunNamed(Id, "volume " + target, () =>
        {
            Run(async token =>
            {
                try
                {
                    return await client.Volumes.DeleteAsync(Id, token).ConfigureAwait(false);
                }
                catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.NotFound)
                {
                    // Railway's own words ("Volume not found") say neither which volume nor where to look: name it (same kind, same ErrorId).
                    throw new RailwayApiException(exception.Kind, Format(CmdletText.VolumeNotFound, target, exception.ServerMessage ?? exception.Message), exception)
                    {
                        OperationName = exception.OperationName,
                        StatusCode = exception.StatusCode,
                        ServerMessage = exception.ServerMessage,
                    };
                }
            });
            WriteVerbose(Format(CmdletText.VolumeRemoved, target));
        });
    }
}
