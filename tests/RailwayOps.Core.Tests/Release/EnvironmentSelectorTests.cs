using RailwayOps.Core.Release;
using Xunit;

namespace RailwayOps.Core.Tests.Release;

public sealed class EnvironmentSelectorTests
{
    private const string Repo = "acme/shop";
    private static readonly RailwayService Web = Service("web");
    private static readonly RailwayService Worker = Service("worker");
    private static readonly RailwayService[] Services = [Web, Worker];
    private static readonly RailwayEnvironment Production = Environment("production");
    private static readonly RailwayEnvironment Staging = Environment("staging");
    private static readonly RailwayEnvironment Pr7 = Environment("demo-pr-7", pullRequest: 7);
    private static readonly RailwayEnvironment Pr9 = Environment("demo-pr-9", pullRequest: 9);

    // Railway keeps the branch on each service instance's deploy trigger: web follows main in production,
    // develop in staging, and each PR environment follows its pull request's head branch.
    private static readonly RailwayEnvironmentTriggers[] All =
    [
        With(Production, Trigger(Production, Web, "main")),
        With(Staging, Trigger(Staging, Web, "develop"), Trigger(Staging, Worker, "develop")),
        With(Pr7, Trigger(Pr7, Web, "feature/seven")),
        With(Pr9),
    ];

    private static RailwayEnvironment Environment(string name, int? pullRequest = null) => new()
    {
        EnvironmentId = "id-" + name,
        Name = name,
        ProjectId = "p",
        PullRequestNumber = pullRequest,
        IsEphemeral = pullRequest is not null,
    };

    private static RailwayService Service(string name) => new() { ServiceId = "svc-" + name, Name = name, ProjectId = "p" };

    private static RailwayDeploymentTrigger Trigger(RailwayEnvironment environment, RailwayService service, string branch, string repository = Repo) => new()
    {
        TriggerId = $"t-{environment.Name}-{service.Name}",
        EnvironmentId = environment.EnvironmentId,
        ServiceId = service.ServiceId,
        Branch = branch,
        Repository = repository,
    };

    private static RailwayEnvironmentTriggers With(RailwayEnvironment environment, params RailwayDeploymentTrigger[] triggers) => new(environment, triggers);

    private static EnvironmentChoice Decide(string branch, RailwayEnvironment? explicitEnvironment = null, int? pullRequest = null,
        RailwayEnvironmentTriggers[]? environments = null, RailwayEnvironment? linked = null, RailwayService? service = null, string? repository = Repo) =>
        EnvironmentSelector.Decide(branch, "main", explicitEnvironment, pullRequest, environments ?? All, linked, service ?? Web, repository, Services);

    [Fact]
    public void The_default_branch_goes_where_its_deploy_trigger_is()
    {
        var choice = Decide("main", linked: Staging);

        Assert.Equal((EnvironmentChoiceKind.TrackedBranch, Production), (choice.Kind, choice.Environment));
        Assert.Empty(choice.Others);
    }

    [Fact]
    public void A_branch_that_a_service_instance_s_trigger_tracks_goes_to_that_environment_with_the_others_it_deploys()
    {
        var choice = Decide("develop");

        Assert.Equal((EnvironmentChoiceKind.TrackedBranch, Staging), (choice.Kind, choice.Environment));
        var other = Assert.Single(choice.Others);
        Assert.Equal((Staging, Worker), (other.Environment, other.Service));
        Assert.Contains("worker in staging", choice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_environments_tracking_one_branch_are_both_deployed_and_production_is_the_one_tested()
    {
        var preview = Environment("preview");
        var environments = All.Append(With(preview, Trigger(preview, Web, "main"))).ToArray();

        var choice = Decide("main", environments: environments);

        Assert.Equal(Production, choice.Environment);
        Assert.Equal(preview, Assert.Single(choice.Others).Environment);
    }

    [Fact]
    public void A_trigger_on_another_repository_does_not_count_when_the_origin_repository_has_triggers()
    {
        var mirror = Environment("mirror");
        var environments = All.Append(With(mirror, Trigger(mirror, Web, "develop", "someone/fork"))).ToArray();

        var choice = Decide("develop", environments: environments, repository: EnvironmentSelector.RepositoryFilter(Repo, environments));

        Assert.Equal(Staging, choice.Environment);
        Assert.DoesNotContain(choice.Others, o => o.Environment == mirror);
    }

    [Fact]
    public void A_fork_or_mirror_origin_is_matched_by_branch_alone()
    {
        Assert.Null(EnvironmentSelector.RepositoryFilter("someone/fork", All));
        Assert.Equal(Repo, EnvironmentSelector.RepositoryFilter("ACME/Shop".ToLowerInvariant(), All));

        var choice = Decide("develop", repository: null);

        Assert.Equal(Staging, choice.Environment);
    }

    [Fact]
    public void A_pull_request_environment_whose_trigger_tracks_the_branch_is_the_pull_request_s()
    {
        var choice = Decide("feature/seven");

        Assert.Equal((EnvironmentChoiceKind.PullRequest, Pr7, 7), (choice.Kind, choice.Environment, choice.PullRequestNumber));
    }

    [Fact]
    public void A_branch_with_an_open_pull_request_goes_to_the_environment_with_that_number()
    {
        var choice = Decide("feature/x", pullRequest: 9);

        Assert.Equal((EnvironmentChoiceKind.PullRequest, Pr9, 9), (choice.Kind, choice.Environment, choice.PullRequestNumber));
    }

    [Fact]
    public void A_pull_request_environment_is_never_matched_by_name()
    {
        var impostor = Environment("demo-pr-12");
        var choice = Decide("feature/x", pullRequest: 12, environments: [With(Production, Trigger(Production, Web, "main")), With(impostor)]);

        Assert.Equal(EnvironmentChoiceKind.PullRequest, choice.Kind);
        Assert.Null(choice.Environment);
    }

    [Fact]
    public void Any_other_branch_has_no_environment_and_says_nothing_was_changed()
    {
        var choice = Decide("feature/lonely", linked: Production);

        Assert.Equal(EnvironmentChoiceKind.None, choice.Kind);
        Assert.Null(choice.Environment);
        Assert.Contains("feature/lonely", choice.Explanation, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", choice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_branch_of_a_service_whose_triggers_track_other_branches_has_no_environment()
    {
        var choice = Decide("main", environments: [With(Production, Trigger(Production, Web, "release"))]);

        Assert.Equal(EnvironmentChoiceKind.None, choice.Kind);
    }

    [Fact]
    public void Without_any_trigger_the_default_branch_is_assumed_to_deploy_to_production()
    {
        var choice = Decide("main", environments: [With(Production), With(Staging)], linked: Staging);

        Assert.Equal((EnvironmentChoiceKind.Production, Production), (choice.Kind, choice.Environment));
        Assert.Contains("assuming", choice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_trigger_or_production_the_linked_persistent_environment_is_used()
    {
        var live = Environment("live");
        var choice = Decide("main", environments: [With(live), With(Staging)], linked: live);

        Assert.Equal(live, choice.Environment);
    }

    [Fact]
    public void An_explicit_environment_wins_and_only_its_other_services_are_also_waited_for()
    {
        var choice = Decide("develop", explicitEnvironment: Staging, pullRequest: 7);

        Assert.Equal((EnvironmentChoiceKind.Explicit, Staging), (choice.Kind, choice.Environment));
        Assert.Equal(Worker, Assert.Single(choice.Others).Service);
    }

    [Theory]
    [InlineData("main", false, false, false)]
    [InlineData("feature/x", false, false, true)]
    [InlineData("feature/x", true, false, false)]
    [InlineData("feature/x", false, true, false)]
    public void Asks_GitHub_only_when_nothing_else_says_where_a_branch_goes(string branch, bool hasExplicit, bool isTracked, bool expected)
    {
        Assert.Equal(expected, EnvironmentSelector.NeedsPullRequest(branch, "main", hasExplicit, isTracked));
    }
}
