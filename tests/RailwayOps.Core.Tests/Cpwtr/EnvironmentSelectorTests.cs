using RailwayOps.Core.Cpwtr;
using Xunit;

namespace RailwayOps.Core.Tests.Cpwtr;

public sealed class EnvironmentSelectorTests
{
    private static readonly RailwayEnvironment Production = Environment("production");
    private static readonly RailwayEnvironment Staging = Environment("staging", branch: "develop");
    private static readonly RailwayEnvironment Pr7 = Environment("demo-pr-7", pullRequest: 7);
    private static readonly RailwayEnvironment Pr9 = Environment("demo-pr-9", pullRequest: 9);
    private static readonly RailwayEnvironment[] All = [Production, Staging, Pr7, Pr9];

    private static RailwayEnvironment Environment(string name, string? branch = null, int? pullRequest = null) => new()
    {
        EnvironmentId = "id-" + name,
        Name = name,
        ProjectId = "p",
        Branch = branch,
        PullRequestNumber = pullRequest,
        IsEphemeral = pullRequest is not null,
    };

    [Fact]
    public void The_default_branch_deploys_to_production()
    {
        var choice = EnvironmentSelector.Decide("main", "main", null, null, All, Staging);

        Assert.Equal((EnvironmentChoiceKind.Production, Production), (choice.Kind, choice.Environment));
    }

    [Fact]
    public void Without_an_environment_named_production_the_linked_persistent_one_is_used()
    {
        var live = Environment("live");
        var choice = EnvironmentSelector.Decide("main", "main", null, null, [live, Staging], live);

        Assert.Equal(live, choice.Environment);
    }

    [Fact]
    public void A_branch_with_an_open_pull_request_goes_to_the_environment_with_that_number()
    {
        var choice = EnvironmentSelector.Decide("feature/x", "main", null, 9, All, null);

        Assert.Equal((EnvironmentChoiceKind.PullRequest, Pr9, 9), (choice.Kind, choice.Environment, choice.PullRequestNumber));
    }

    [Fact]
    public void A_pull_request_environment_is_never_matched_by_name()
    {
        var impostor = Environment("demo-pr-12");
        var choice = EnvironmentSelector.Decide("feature/x", "main", null, 12, [Production, impostor], null);

        Assert.Equal(EnvironmentChoiceKind.PullRequest, choice.Kind);
        Assert.Null(choice.Environment);
    }

    [Fact]
    public void A_branch_that_a_persistent_environment_tracks_goes_there()
    {
        var choice = EnvironmentSelector.Decide("develop", "main", null, null, All, null);

        Assert.Equal((EnvironmentChoiceKind.TrackedBranch, Staging), (choice.Kind, choice.Environment));
    }

    [Fact]
    public void Any_other_branch_has_no_environment()
    {
        var choice = EnvironmentSelector.Decide("feature/lonely", "main", null, null, All, Production);

        Assert.Equal(EnvironmentChoiceKind.None, choice.Kind);
        Assert.Null(choice.Environment);
        Assert.Contains("feature/lonely", choice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_environment_wins()
    {
        var choice = EnvironmentSelector.Decide("main", "main", Staging, 7, All, null);

        Assert.Equal((EnvironmentChoiceKind.Explicit, Staging), (choice.Kind, choice.Environment));
    }

    [Theory]
    [InlineData("main", "main", false, false)]
    [InlineData("feature/x", "main", false, true)]
    [InlineData("feature/x", "main", true, false)]
    public void Asks_GitHub_only_for_a_branch_that_is_not_the_default_one(string branch, string defaultBranch, bool hasExplicit, bool expected)
    {
        Assert.Equal(expected, EnvironmentSelector.NeedsPullRequest(branch, defaultBranch, hasExplicit));
    }
}
