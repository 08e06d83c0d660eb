using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// What `railway status` summarises, as objects: one per service of the environment (or of every environment of
/// the project) with its latest deployment (status, commit, age), its URL and its replicas. One read of the
/// project's status, after at most one read that finds the project's id. Pipes into Wait-RailwayDeployment -Latest,
/// Test-RailwayHealth and Get-RailwayDeploymentLog by property name.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RailwayStatus")]
[OutputType(typeof(RailwayServiceStatus))]
public sealed class GetRailwayStatusCommand : RailwayApiCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    /// <summary>Only these services (wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string[]? Service { get; set; }

    protected override void ProcessRecord()
    {
        var context = ResolveContext(Project, Environment, null);
        var client = Client;
        var filter = new NameFilter(Service);
        RunPerItem(Environment ?? Project, () =>
        {
            var report = Run(token => client.Status.GetAsync(context.Project?.Value, context.Environment?.Value, token));
            if (report.Truncated)
            {
                WriteWarning(Format(CmdletText.StatusTruncated, report.Project.Name, RailwayClient.PageSize));
            }

            foreach (var service in report.Services.Where(s => filter.IsMatch(s.ServiceName)))
            {
                WriteObject(service);
            }
        });
    }
}
