using System.Management.Automation;
using RailwayOps.Core.Auth;
using RailwayOps.Core.CiRunner;

namespace RailwayOps.Hosting;

/// <summary>
/// Connects a cmdlet to the CI runner it runs under. Workflow commands (<c>::error::</c>,
/// <c>::add-mask::</c>, <c>##vso[...]</c>) are read by the runner from the process's standard output, so
/// they are written with <c>Host.UI.WriteLine</c>, as a native tool would print them: not to the output
/// stream (they are not results), and not to the information stream, where <c>6&gt;$null</c> or
/// <c>-InformationAction Ignore</c> could drop an <c>::add-mask::</c> and let a secret through. A host
/// without a UI (an SDK runspace) gets them as PSHOST-tagged information records, as Write-Host writes.
/// Call only on the pipeline thread.
/// </summary>
internal static class CiHost
{
    private static readonly string[] HostTag = { "PSHOST" };

    /// <summary>The reporter of the runner this process runs under, or null outside CI.</summary>
    public static CiReporter? ReporterFor(PSCmdlet cmdlet)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        return CiReporter.Create(ProcessEnvironment.Instance, line => WriteLine(cmdlet, line));
    }

    private static void WriteLine(PSCmdlet cmdlet, string line)
    {
        var ui = cmdlet.Host?.UI;
        if (ui is not null)
        {
            ui.WriteLine(line);
            return;
        }

        cmdlet.WriteInformation(line, HostTag);
    }
}
