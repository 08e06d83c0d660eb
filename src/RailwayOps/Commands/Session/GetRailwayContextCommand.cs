using System.Management.Automation;

namespace RailwayOps.Commands;

/// <summary>Shows what RailwayOps would use here and now, and where each value came from. Makes no request.</summary>
[Cmdlet(VerbsCommon.Get, "RailwayContext")]
[OutputType(typeof(RailwayContextInfo))]
public sealed class GetRailwayContextCommand : RailwayApiCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    protected override void EndProcessing()
    {
        WriteObject(RailwayContextInfo.From(ResolveContext(Project, Environment, Service)));
        base.EndProcessing();
    }
}
