using System.Management.Automation;
using RailwayOps.Core.Auth;

namespace RailwayOps.Commands;

/// <summary>Clears the session defaults Connect-Railway or Start-RailwayEmulator set.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Railway", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(RailwayContextInfo))]
public sealed class DisconnectRailwayCommand : RailwayCmdlet
{
    /// <summary>Write the context that applies once the session is cleared (environment variables and CLI login still count).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (ShouldProcess(CmdletText.DisconnectTarget, CmdletText.DisconnectAction))
        {
            SessionStore.Clear();
            if (PassThru)
            {
                try
                {
                    var context = new ContextResolver(ProcessEnvironment.Instance).Resolve(
                        new ResolutionRequest { CurrentDirectory = SessionState.Path.CurrentFileSystemLocation?.ProviderPath },
                        session: null);
                    WriteObject(RailwayContextInfo.From(context));
                }
                catch (ResolutionException exception)
                {
                    WriteRailwayError(exception, null);
                }
            }
        }

        base.EndProcessing();
    }
}
