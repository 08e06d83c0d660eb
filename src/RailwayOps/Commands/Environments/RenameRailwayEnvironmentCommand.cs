using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Renames an environment (Railway's environmentRename). The new name is held to the same rule as a new
/// environment's and must be free in the project; otherwise nothing changes.</summary>
[Cmdlet(VerbsCommon.Rename, "RailwayEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RailwayEnvironment))]
public sealed class RenameRailwayEnvironmentCommand : RailwayApiCmdlet
{
    /// <summary>The environment's current name or id (an environment object binds its Name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Name { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    /// <summary>Write the renamed environment (Rename-Item writes nothing without it).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var newName = NewName!;
        if (!EnvironmentsClient.IsValidName(newName))
        {
            WriteFailure(CmdletFailure.InvalidEnvironmentName, new ArgumentException(Format(CmdletText.InvalidEnvironmentName, newName)), newName);
            return;
        }

        var name = Name!;
        if (!TryResolveProject(Project, name, out var target))
        {
            return;
        }

        var client = Client;
        var project = target!.Project;
        RunNamed(name, Format(CmdletText.PlaceEnvironment, name, project.Name), () =>
        {
            var all = new List<RailwayEnvironment>();
            RunStream(token => client.Environments.ListAsync(project, null, token), all.Add);
            var environment = all.FirstOrDefault(each => EnvironmentsClient.Matches(each, name))
                ?? throw EnvironmentsClient.NotFoundIn(project, name, all.Select(each => each.Name));
            if (all.Any(each => each.EnvironmentId != environment.EnvironmentId && string.Equals(each.Name, newName, StringComparison.OrdinalIgnoreCase)))
            {
                WriteFailure(CmdletFailure.EnvironmentExists, new ArgumentException(Format(CmdletText.EnvironmentRenameExists, newName, project.Name)), newName);
                return;
            }

            if (!ShouldProcess($"{project.Name}/{environment.Name}", Format(CmdletText.RenameEnvironmentAction, environment.Name, newName)))
            {
                return;
            }

            var renamed = Run(token => client.Environments.RenameAsync(environment, newName, token));
            if (PassThru)
            {
                WriteObject(renamed);
            }
        });
    }
}
