using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>Lists a project's environments; pull-request environments carry their PR number.</summary>
[Cmdlet(VerbsCommon.Get, "RailwayEnvironment")]
[OutputType(typeof(RailwayEnvironment))]
public sealed class GetRailwayEnvironmentCommand : RailwayApiCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only environments Railway created for pull requests.</summary>
    [Parameter]
    public SwitchParameter PullRequest { get; set; }

    /// <summary>Only ephemeral environments (pull-request environments included).</summary>
    [Parameter]
    public SwitchParameter Ephemeral { get; set; }

    protected override void ProcessRecord()
    {
        var context = ResolveContext(Project, null, null);
        if (!TryResolveTarget(context, out var target))
        {
            return;
        }

        var client = Client;
        var filter = new NameFilter(Name);
        bool? isEphemeral = Ephemeral || PullRequest ? true : null;

        void Write(RailwayEnvironment environment)
        {
            if (filter.IsMatch(environment.Name) && (!PullRequest || environment.IsPullRequest))
            {
                WriteObject(environment);
            }
        }

        RunPerItem(Project, () => RunStream(token => client.GetEnvironmentsAsync(target?.Project, isEphemeral, token), Write));

        foreach (var missing in filter.UnmatchedLiterals)
        {
            WriteRailwayError(
                new RailwayApiException(RailwayApiErrorKind.NotFound, Format(Core.Messages.EnvironmentNotFound, missing, target?.Project.Name ?? "*"))
                {
                    Resource = RailwayResourceKind.Environment,
                },
                missing);
        }
    }
}
