using System.Management.Automation;

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
        RunPerItem(Id, () =>
        {
            Run(token => client.Volumes.DeleteAsync(Id, token));
            WriteVerbose(Format(CmdletText.VolumeRemoved, target));
        });
    }
}
