using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Lists the projects the token can see, by name (wildcards) or id.</summary>
[Cmdlet(VerbsCommon.Get, "RailwayProject", DefaultParameterSetName = NameSet)]
[OutputType(typeof(RailwayProject))]
public sealed class GetRailwayProjectCommand : RailwayApiCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    [Parameter(ParameterSetName = NameSet, Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string[]? Name { get; set; }

    [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != IdSet)
        {
            return;
        }

        var client = Client;
        foreach (var id in Id!)
        {
            RunPerItem(id, () => WriteObject(Run(token => client.Projects.GetAsync(id, token))));
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == NameSet)
        {
            var filter = new NameFilter(Name);
            var client = Client;
            try
            {
                RunStream(client.Projects.ListAsync, project =>
                {
                    if (filter.IsMatch(project.Name))
                    {
                        WriteObject(project);
                    }
                });
            }
            catch (Exception exception) when (IsReportable(exception))
            {
                ThrowRailwayError(exception, Context.Endpoint.Value);
            }

            foreach (var missing in filter.UnmatchedLiterals)
            {
                WriteRailwayError(
                    new RailwayApiException(RailwayApiErrorKind.NotFound, Format(Core.Messages.ProjectNotFound, missing, Context.Credential?.Description))
                    {
                        Resource = RailwayResourceKind.Project,
                    },
                    missing);
            }
        }

        base.EndProcessing();
    }
}
