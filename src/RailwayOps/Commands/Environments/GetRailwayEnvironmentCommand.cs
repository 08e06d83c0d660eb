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

    /// <summary>The environments Railway created for these pull requests, by PR number.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int[]? PullRequest { get; set; }

    /// <summary>Only environments Railway created for pull requests, whatever their number.</summary>
    [Parameter]
    public SwitchParameter AnyPullRequest { get; set; }

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
        var numbers = PullRequest ?? Array.Empty<int>();
        var onlyPullRequests = AnyPullRequest || numbers.Length > 0;
        bool? isEphemeral = Ephemeral || onlyPullRequests ? true : null;
        var found = new HashSet<int>();
        var pullRequests = new List<RailwayEnvironment>();
        var completed = false;

        void Write(RailwayEnvironment environment)
        {
            if (environment.IsPullRequest)
            {
                pullRequests.Add(environment);
            }

            var numberMatches = numbers.Length == 0 || (environment.PullRequestNumber is { } pr && numbers.Contains(pr));
            if (filter.IsMatch(environment.Name) && (!onlyPullRequests || environment.IsPullRequest) && numberMatches)
            {
                if (environment.PullRequestNumber is { } matched)
                {
                    found.Add(matched);
                }

                WriteObject(environment);
            }
        }

        RunPerItem(Project, () =>
        {
            RunStream(token => client.Environments.ListAsync(target?.Project, isEphemeral, token), Write);
            completed = true;
        });

        foreach (var missing in completed ? numbers.Distinct().Where(number => !found.Contains(number)) : Array.Empty<int>())
        {
            var known = pullRequests.Count == 0
                ? CmdletText.PullRequestEnvironmentsNone
                : string.Join(", ", pullRequests.Select(each => Format(CmdletText.PullRequestEnvironmentEntry, each.PullRequestNumber, each.Name)).Distinct());
            WriteRailwayError(
                new RailwayApiException(RailwayApiErrorKind.NotFound,
                    Format(CmdletText.PullRequestEnvironmentNotFound, missing, target?.Project.Name ?? "*", known))
                {
                    Resource = RailwayResourceKind.Environment,
                },
                missing);
        }

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
