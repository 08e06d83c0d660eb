using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Lists a project's services.</summary>
[Cmdlet(VerbsCommon.Get, "RailwayService")]
[OutputType(typeof(RailwayService))]
public sealed class GetRailwayServiceCommand : RailwayApiCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var context = ResolveContext(Project, null, null);
        if (!TryResolveTarget(context, out var target))
        {
            return;
        }

        var client = Client;
        var filter = new NameFilter(Name);

        void Write(RailwayService service)
        {
            if (filter.IsMatch(service.Name))
            {
                WriteObject(service);
            }
        }

        RunPerItem(Project, () => RunStream(token => client.Projects.ListServicesAsync(target?.Project, token), Write));

        foreach (var missing in filter.UnmatchedLiterals)
        {
            WriteRailwayError(
                new RailwayApiException(RailwayApiErrorKind.NotFound, Format(Core.Messages.ServiceNotFound, missing, target?.Project.Name ?? "*"))
                {
                    Resource = RailwayResourceKind.Service,
                },
                missing);
        }
    }
}
