using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// Deletes environments (Railway's environmentDelete): their deployments, domains and variables go and their
/// processes stop. Takes names, ids or Get-RailwayEnvironment's objects from the pipeline. ConfirmImpact High:
/// it always asks unless -Force; a session that cannot ask (a CI runner) gets RailwayConfirmationRequired and
/// nothing is deleted.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "RailwayEnvironment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RailwayEnvironment))]
public sealed class RemoveRailwayEnvironmentCommand : RailwayApiCmdlet
{
    /// <summary>The environment's name or id (an environment object binds its Name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    /// <summary>Delete without asking (an explicit -Confirm still asks; -WhatIf still only describes).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write each removed environment.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var name = Name!;
        if (!TryResolveProject(Project, name, out var target))
        {
            return;
        }

        var client = Client;
        var project = target!.Project;
        RunNamed(name, Format(CmdletText.PlaceEnvironment, name, project.Name), () =>
        {
            var environment = Run(token => client.Environments.ResolveAsync(project, name, token));
            if (!ShouldProcessWithForce($"{project.Name}/{environment.Name}", Format(CmdletText.RemoveEnvironmentAction, environment.Name), Force))
            {
                return;
            }

            var progress = new ProgressRecord(ProgressActivityId, Format(CmdletText.RemoveEnvironmentActivity, environment.Name), CmdletText.RemoveEnvironmentWaiting);
            WriteProgress(progress);
            bool deleted;
            try
            {
                deleted = Run(token => client.Environments.DeleteAsync(environment.EnvironmentId, token));
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            if (!deleted)
            {
                throw new InvalidOperationException(Format(CmdletText.EnvironmentNotRemoved, environment.Name));
            }

            WriteVerbose(Format(CmdletText.EnvironmentRemoved, environment.Name, project.Name));
            if (PassThru)
            {
                WriteObject(environment);
            }
        });
    }
}
