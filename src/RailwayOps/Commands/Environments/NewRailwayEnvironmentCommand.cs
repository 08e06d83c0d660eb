using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// Creates an environment in a project (Railway's environmentCreate); with -Source it forks that environment
/// (services, settings, variables), as Railway forks pull-request environments from their base, and Railway then
/// deploys the fork's services unless -SkipInitialDeploys. A name Railway would refuse, an existing name or a source
/// in another project is an error before anything is created.
/// </summary>
[Cmdlet(VerbsCommon.New, "RailwayEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RailwayEnvironment))]
public sealed class NewRailwayEnvironmentCommand : RailwayApiCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    /// <summary>The environment to fork (name or id in the same project, or an environment object).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [EnvironmentSourceTransformation]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Source { get; set; }

    [Parameter]
    public SwitchParameter Ephemeral { get; set; }

    [Parameter]
    public SwitchParameter SkipInitialDeploys { get; set; }

    protected override void ProcessRecord()
    {
        var name = Name!;
        if (!EnvironmentsClient.IsValidName(name))
        {
            WriteFailure(CmdletFailure.InvalidEnvironmentName, new ArgumentException(Format(CmdletText.InvalidEnvironmentName, name)), name);
            return;
        }

        if (!TryResolveProject(Project, name, out var target))
        {
            return;
        }

        var client = Client;
        var project = target!.Project;
        RunNamed(name, Format(CmdletText.PlaceEnvironment, name, project.Name), () =>
        {
            var existing = new List<RailwayEnvironment>();
            RunStream(token => client.Environments.ListAsync(project, null, token), existing.Add);
            if (existing.Any(each => string.Equals(each.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                WriteFailure(CmdletFailure.EnvironmentExists, new ArgumentException(Format(CmdletText.EnvironmentExists, name, project.Name)), name);
                return;
            }

            RailwayEnvironment? source = null;
            if (Source is { } sourceName)
            {
                source = existing.FirstOrDefault(each => EnvironmentsClient.Matches(each, sourceName));
                if (source is null)
                {
                    var foreign = EnvironmentsClient.LooksLikeId(sourceName) ? TryGet(client, sourceName) : null;
                    if (foreign is not null)
                    {
                        var foreignProject = Run(token => client.Projects.GetAsync(foreign.ProjectId, token));
                        WriteFailure(CmdletFailure.EnvironmentSourceOtherProject,
                            new ArgumentException(Format(CmdletText.EnvironmentSourceOtherProject, foreign.Name, foreignProject.Name, project.Name)), sourceName);
                        return;
                    }

                    WriteRailwayError(EnvironmentsClient.NotFoundIn(project, sourceName, existing.Select(each => each.Name)), sourceName);
                    return;
                }
            }

            var action = source is null
                ? Format(CmdletText.NewEnvironmentAction, name)
                : Format(CmdletText.NewEnvironmentForkAction, name, source.Name, SkipInitialDeploys ? CmdletText.NewEnvironmentNoDeploys : string.Empty);
            if (!ShouldProcess(project.Name, action))
            {
                return;
            }

            var progress = new ProgressRecord(ProgressActivityId, Format(CmdletText.NewEnvironmentActivity, name), CmdletText.NewEnvironmentWaiting);
            WriteProgress(progress);
            try
            {
                var created = Run(token => client.Environments.CreateAsync(project, name, source?.EnvironmentId, Ephemeral, SkipInitialDeploys, token));
                WriteObject(created);
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        });
    }

    private RailwayEnvironment? TryGet(RailwayClient client, string environmentId)
    {
        try
        {
            return Run(token => client.Environments.GetAsync(environmentId, token));
        }
        catch (RailwayApiException exception) when (exception.Kind is RailwayApiErrorKind.NotFound or RailwayApiErrorKind.Forbidden or RailwayApiErrorKind.GraphQL)
        {
            return null;
        }
    }
}
