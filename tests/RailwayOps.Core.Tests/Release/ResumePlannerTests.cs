using RailwayOps.Core.Release;
using RailwayOps.Core.Versioning;
using Xunit;

namespace RailwayOps.Core.Tests.Release;

public sealed class ResumePlannerTests
{
    private static readonly BumpRequest Patch = new(BumpMode.Part, VersionPart.Patch);

    private static SemanticVersion V(string text) => SemanticVersion.Parse(text);

    [Fact]
    public void A_change_on_top_of_a_pushed_release_is_a_new_release()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.2"), CommittedVersion = V("0.1.2"), OtherChanges = 1,
            HeadReleaseVersion = V("0.1.2"), HeadPushed = true,
        };

        var decision = ResumePlanner.Decide(facts, Patch);

        Assert.Equal((VersionStep.Bump, CommitStep.Commit, PushStep.Push), (decision.Version, decision.Commit, decision.Push));
    }

    [Fact]
    public void An_uncommitted_higher_version_is_reused_not_bumped_again()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.3"), CommittedVersion = V("0.1.2"), VersionFileChanged = true, OtherChanges = 2,
            HeadReleaseVersion = V("0.1.2"), HeadPushed = true,
        };

        var decision = ResumePlanner.Decide(facts, Patch);

        Assert.Equal((VersionStep.Reuse, CommitStep.Commit, PushStep.Push), (decision.Version, decision.Commit, decision.Push));
    }

    [Fact]
    public void An_unpushed_release_commit_is_only_pushed()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.3"), CommittedVersion = V("0.1.3"), HeadReleaseVersion = V("0.1.3"), HeadPushed = false,
        };

        var decision = ResumePlanner.Decide(facts, Patch);

        Assert.Equal((VersionStep.Reuse, CommitStep.AlreadyDone, PushStep.Push), (decision.Version, decision.Commit, decision.Push));
    }

    [Fact]
    public void A_pushed_release_commit_with_a_clean_tree_is_only_waited_for_and_tested()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.3"), CommittedVersion = V("0.1.3"), HeadReleaseVersion = V("0.1.3"), HeadPushed = true,
        };

        var decision = ResumePlanner.Decide(facts, Patch);

        Assert.Equal((VersionStep.Reuse, CommitStep.AlreadyDone, PushStep.AlreadyDone), (decision.Version, decision.Commit, decision.Push));
    }

    [Fact]
    public void A_new_message_on_a_clean_tree_whose_head_is_a_shipped_release_is_a_new_release()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.0"), CommittedVersion = V("0.1.0"), HeadReleaseVersion = V("0.1.0"), HeadReleaseChange = "init", HeadPushed = true,
        };

        var decision = ResumePlanner.Decide(facts, Patch, "second");

        Assert.Equal((VersionStep.Bump, CommitStep.Commit, PushStep.Push), (decision.Version, decision.Commit, decision.Push));
        Assert.Contains("\"init\"", decision.Explanation, StringComparison.Ordinal);
        Assert.Contains("\"second\"", decision.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("init")]
    [InlineData("  init ")]
    public void The_same_message_or_none_on_a_shipped_release_resumes_it(string? message)
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.0"), CommittedVersion = V("0.1.0"), HeadReleaseVersion = V("0.1.0"), HeadReleaseChange = "init", HeadPushed = true,
        };

        var decision = ResumePlanner.Decide(facts, Patch, message);

        Assert.Equal((VersionStep.Reuse, CommitStep.AlreadyDone, PushStep.AlreadyDone), (decision.Version, decision.Commit, decision.Push));
    }

    [Fact]
    public void A_new_message_does_not_bump_twice_over_an_interrupted_bump()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.1"), CommittedVersion = V("0.1.0"), VersionFileChanged = true,
            HeadReleaseVersion = V("0.1.0"), HeadReleaseChange = "init", HeadPushed = true,
        };

        Assert.Equal(VersionStep.Reuse, ResumePlanner.Decide(facts, Patch, "second").Version);
    }

    [Fact]
    public void A_release_commit_of_another_version_than_declared_is_not_resumed()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.2.0"), CommittedVersion = V("0.2.0"), HeadReleaseVersion = V("0.1.9"), HeadPushed = true,
        };

        Assert.Equal(VersionStep.Bump, ResumePlanner.Decide(facts, Patch).Version);
    }

    [Fact]
    public void A_lowered_version_in_the_working_tree_is_not_taken_for_an_interrupted_bump()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.0"), CommittedVersion = V("0.1.3"), VersionFileChanged = true, HeadPushed = true,
        };

        Assert.Equal(VersionStep.Bump, ResumePlanner.Decide(facts, Patch).Version);
    }

    [Fact]
    public void An_explicit_version_that_differs_from_the_declared_one_is_a_new_bump()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("0.1.3"), CommittedVersion = V("0.1.3"), HeadReleaseVersion = V("0.1.3"), HeadPushed = true,
        };

        var decision = ResumePlanner.Decide(facts, new BumpRequest(BumpMode.Explicit, Explicit: V("1.0.0")));

        Assert.Equal((VersionStep.Bump, CommitStep.Commit), (decision.Version, decision.Commit));
    }

    [Fact]
    public void An_explicit_version_equal_to_the_declared_one_resumes()
    {
        var facts = new RepositoryFacts
        {
            WorkingVersion = V("1.0.0"), CommittedVersion = V("1.0.0"), HeadReleaseVersion = V("1.0.0"), HeadPushed = false,
        };

        var decision = ResumePlanner.Decide(facts, new BumpRequest(BumpMode.Explicit, Explicit: V("1.0.0")));

        Assert.Equal((VersionStep.Reuse, CommitStep.AlreadyDone, PushStep.Push), (decision.Version, decision.Commit, decision.Push));
    }

    [Theory]
    [InlineData(true, false, CommitStep.Commit, PushStep.Push)]
    [InlineData(false, false, CommitStep.NotNeeded, PushStep.Push)]
    [InlineData(false, true, CommitStep.NotNeeded, PushStep.AlreadyDone)]
    public void Without_a_bump_only_changes_are_committed_and_only_missing_commits_pushed(bool dirty, bool pushed, CommitStep commit, PushStep push)
    {
        var facts = new RepositoryFacts { WorkingVersion = V("0.1.0"), OtherChanges = dirty ? 1 : 0, HeadPushed = pushed };

        var decision = ResumePlanner.Decide(facts, BumpRequest.None);

        Assert.Equal((VersionStep.Keep, commit, push), (decision.Version, decision.Commit, decision.Push));
    }
}
