using System.Diagnostics;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Tests.Support;
using RailwayOps.Core.Waiting;
using Xunit;

namespace RailwayOps.Core.Tests.Waiting;

public sealed class DeploymentWaiterTests : IAsyncLifetime
{
    private const string Token = "waiter-test-token-7c1e";
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(300);

    private readonly FakeRailway railway = new();
    private readonly RecordingEventSink events = new();
    private RailwayClient client = null!;

    public Task InitializeAsync()
    {
        client = new RailwayClient(new GraphQLTransport(new GraphQLTransportOptions
        {
            Endpoint = railway.Endpoint,
            Credential = new RailwayCredential(Token, RailwayTokenKind.Account, ValueSource.EnvironmentVariable("RAILWAY_API_TOKEN")),
            Events = events,
        }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await railway.DisposeAsync();
    }

    [Theory]
    [InlineData(DeploymentStatus.Success, WaitOutcomeKind.Succeeded)]
    [InlineData(DeploymentStatus.Failed, WaitOutcomeKind.Failed)]
    [InlineData(DeploymentStatus.Crashed, WaitOutcomeKind.Crashed)]
    [InlineData(DeploymentStatus.Removed, WaitOutcomeKind.Removed)]
    [InlineData(DeploymentStatus.Skipped, WaitOutcomeKind.Skipped)]
    [InlineData(DeploymentStatus.NeedsApproval, WaitOutcomeKind.NeedsApproval)]
    [InlineData(DeploymentStatus.Sleeping, WaitOutcomeKind.Sleeping)]
    public async Task EveryFinalStatusHasItsOutcome(DeploymentStatus status, WaitOutcomeKind expected)
    {
        var id = railway.Add(status, deployLog: new[] { "starting", "boom" });

        var outcome = Assert.Single(await WaitAsync(new WaitTarget.ById(id)));

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(id, outcome.Deployment?.DeploymentId);
        if (WaitOutcome.CarriesLogs(expected))
        {
            Assert.Equal(new[] { "starting", "boom" }, outcome.DeployLogTail.Select(line => line.Message));
            Assert.Equal(2, outcome.BuildLogTail.Count);
        }
        else
        {
            Assert.Empty(outcome.DeployLogTail);
        }
    }

    [Theory]
    [InlineData(DeploymentStatus.Queued)]
    [InlineData(DeploymentStatus.Initializing)]
    [InlineData(DeploymentStatus.Waiting)]
    [InlineData(DeploymentStatus.Building)]
    [InlineData(DeploymentStatus.Deploying)]
    [InlineData(DeploymentStatus.Removing)]
    public async Task InProgressStatusesKeepWaiting(DeploymentStatus status)
    {
        var id = railway.Add(status);

        var outcome = Assert.Single(await WaitAsync(new WaitTarget.ById(id), new WaitOptions { Timeout = Quick }));

        Assert.Equal(WaitOutcomeKind.TimedOut, outcome.Kind);
        Assert.Equal(new[] { status }, outcome.StatusHistory);
    }

    [Fact]
    public async Task FollowsTheSubscriptionWithoutAnyHttpRequest()
    {
        var id = railway.Add(DeploymentStatus.Building);
        // Each change follows the waiter's sight of the previous one, and the quiet-subscription check is far
        // off: on a loaded machine timers fire hundreds of milliseconds late, beyond the 500 ms the other tests use.
        var waiter = new DeploymentWaiter(client, events) { SubscriptionCheckInterval = TimeSpan.FromSeconds(20) };
        var waiting = Task.Run(async () =>
        {
            var all = new List<WaitOutcome>();
            await foreach (var each in waiter.WaitAsync(new[] { new WaitTarget.ById(id) }, new WaitOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None))
            {
                all.Add(each);
            }

            return all;
        });
        await UntilAsync(() => events.Events.Any(e => e.Message.Contains(": BUILDING (", StringComparison.Ordinal)));
        railway.SetStatus(id, DeploymentStatus.Deploying);
        await UntilAsync(() => events.Events.Any(e => e.Message.Contains("BUILDING → DEPLOYING", StringComparison.Ordinal)));
        railway.SetStatus(id, DeploymentStatus.Success);

        var outcome = Assert.Single(await waiting);
        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new[] { DeploymentStatus.Building, DeploymentStatus.Deploying, DeploymentStatus.Success }, outcome.StatusHistory);
        Assert.Equal(0, railway.TotalHttpRequests);
        Assert.Contains(events.Events, e => e.Level == RailwayEventLevel.Verbose && e.Message.Contains("BUILDING → DEPLOYING", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendsTheTokenOnTheUpgradeRequestAsTheHttpTransportDoes()
    {
        var id = railway.Add(DeploymentStatus.Success);

        await WaitAsync(new WaitTarget.ById(id));

        Assert.Equal("Bearer " + Token, Assert.Single(railway.UpgradeAuthorizations));
    }

    [Fact]
    public async Task FallsBackToPollingWhenTheUpgradeIsRefused()
    {
        railway.RefuseWebSockets = true;
        var id = railway.Add(DeploymentStatus.Building);
        ChangeLater(id, DeploymentStatus.Success, 300);

        var outcome = Assert.Single(await WaitAsync(new WaitTarget.ById(id)));

        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.True(railway.HttpRequests("Deployment") >= 2);
        Assert.Contains(events.Events, e => e.Message.Contains("subscription is unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportsTheFinalStatusOnceWhenTheSocketDropsJustBeforeIt()
    {
        railway.DropSocketsAfter = 1;
        var id = railway.Add(DeploymentStatus.Building);
        ChangeLater(id, DeploymentStatus.Failed, 200);

        var outcomes = await WaitAsync(new WaitTarget.ById(id));

        var outcome = Assert.Single(outcomes);
        Assert.Equal(WaitOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(new[] { DeploymentStatus.Building, DeploymentStatus.Failed }, outcome.StatusHistory);
        Assert.Single(events.Events, e => e.Level == RailwayEventLevel.Verbose && e.Message.Contains("→ FAILED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadsTheDeploymentOverHttpWhenTheSubscriptionFallsSilent()
    {
        railway.SilenceSocketsAfter = 1;
        var id = railway.Add(DeploymentStatus.Building);
        ChangeLater(id, DeploymentStatus.Success, 100);

        var outcome = Assert.Single(await WaitAsync(new WaitTarget.ById(id)));

        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(1, railway.HttpRequests("Deployment"));
    }

    [Fact]
    public async Task WaitsForAllTargetsConcurrently()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => railway.Add(DeploymentStatus.Building)).ToList();
        ids.ForEach(id => ChangeLater(id, DeploymentStatus.Success, 500));
        var clock = Stopwatch.StartNew();

        var outcomes = await WaitAsync(ids.Select(id => (WaitTarget)new WaitTarget.ById(id)).ToArray());

        Assert.Equal(5, outcomes.Count);
        Assert.All(outcomes, outcome => Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(5 * 500), $"five waits took {clock.Elapsed}");
    }

    [Fact]
    public async Task AnyReportsOnlyTheFirstToFinish()
    {
        var slow = railway.Add(DeploymentStatus.Building);
        var fast = railway.Add(DeploymentStatus.Building);
        ChangeLater(fast, DeploymentStatus.Success, 150);

        var outcomes = await WaitAsync(new WaitOptions { Any = true, Timeout = TimeSpan.FromSeconds(30) }, new WaitTarget.ById(slow), new WaitTarget.ById(fast));

        Assert.Equal(fast, Assert.Single(outcomes).Deployment?.DeploymentId);
    }

    [Fact]
    public async Task TimesOutEveryUnfinishedTarget()
    {
        var done = railway.Add(DeploymentStatus.Success);
        var stuck = new[] { railway.Add(DeploymentStatus.Building), railway.Add(DeploymentStatus.Deploying) };

        var outcomes = await WaitAsync(new WaitOptions { Timeout = Quick }, new WaitTarget.ById(done), new WaitTarget.ById(stuck[0]), new WaitTarget.ById(stuck[1]));

        Assert.Equal(WaitOutcomeKind.Succeeded, outcomes[0].Kind);
        Assert.Equal(stuck.OrderBy(id => id), outcomes.Where(o => o.Kind == WaitOutcomeKind.TimedOut).Select(o => o.Deployment!.DeploymentId).OrderBy(id => id));
    }

    [Fact]
    public async Task FindsTheDeploymentOfACommitByPrefixWhenItAppears()
    {
        railway.Add(DeploymentStatus.Success);
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        _ = Task.Delay(200).ContinueWith(_ => railway.Add(DeploymentStatus.Success, commit), TaskScheduler.Default);

        var outcome = Assert.Single(await WaitAsync(new WaitTarget.ByCommit(FakeRailway.ProjectId, FakeRailway.EnvironmentId, FakeRailway.ServiceId, commit[..7])));

        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(commit, outcome.Deployment?.CommitHash);
    }

    [Fact]
    public async Task EndsWithNeverAppearedWhenNoDeploymentOfTheCommitShowsUp()
    {
        railway.Add(DeploymentStatus.Success);

        var outcome = Assert.Single(await WaitAsync(
            new WaitOptions { AppearTimeout = Quick, MaxPollInterval = TimeSpan.FromMilliseconds(100) },
            new WaitTarget.ByCommit(FakeRailway.ProjectId, FakeRailway.EnvironmentId, FakeRailway.ServiceId, "fedcba9")));

        Assert.Equal(WaitOutcomeKind.NeverAppeared, outcome.Kind);
        Assert.Null(outcome.Deployment);
        Assert.Contains("fedcba9", WaitOutcomeText.Describe(outcome), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitsForTheLatestDeploymentOfAService()
    {
        railway.Add(DeploymentStatus.Removed);
        var latest = railway.Add(DeploymentStatus.Building);
        ChangeLater(latest, DeploymentStatus.Success, 150);

        var outcome = Assert.Single(await WaitAsync(new WaitTarget.LatestOf(FakeRailway.ProjectId, FakeRailway.EnvironmentId, FakeRailway.ServiceId)));

        Assert.Equal(latest, outcome.Deployment?.DeploymentId);
        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
    }

    [Fact]
    public async Task CancellationEndsTheWaitPromptly()
    {
        var id = railway.Add(DeploymentStatus.Building);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Waiter().WaitAsync(new[] { new WaitTarget.ById(id) }, new WaitOptions { Timeout = TimeSpan.Zero }, cancellation.Token))
            {
            }
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public async Task DescribesAFailureWithTheLastLogLinesAndKeepsTheWholeTail()
    {
        var log = Enumerable.Range(1, 30).Select(n => $"line {n}").ToArray();
        var id = railway.Add(DeploymentStatus.Failed, deployLog: log);

        var outcome = Assert.Single(await WaitAsync(new WaitTarget.ById(id)));
        var exception = new DeploymentWaitException(outcome);

        Assert.Equal(30, exception.DeployLogTail.Count);
        Assert.Contains("line 30", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 20\n", exception.Message + "\n", StringComparison.Ordinal);
        Assert.Contains("web/production", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneTargetsFailureIsThatTargetsOutcomeAndTheOthersKeepWaiting()
    {
        var slow = railway.Add(DeploymentStatus.Building);
        ChangeLater(slow, DeploymentStatus.Success, 600);
        const string unknown = "00000000-0000-0000-0000-00000000dead";

        var outcomes = await WaitAsync(new WaitTarget.ById(unknown), new WaitTarget.ById(slow));

        Assert.Equal(2, outcomes.Count);
        var failed = Assert.Single(outcomes, o => o.Kind == WaitOutcomeKind.Error);
        Assert.Equal(unknown, failed.Target.ToString());
        var error = Assert.IsType<RailwayApiException>(failed.Error);
        Assert.Equal(RailwayApiErrorKind.NotFound, error.Kind);
        Assert.Contains(unknown, WaitOutcomeText.Describe(failed), StringComparison.Ordinal);
        var succeeded = Assert.Single(outcomes, o => o.Kind == WaitOutcomeKind.Succeeded);
        Assert.Equal(slow, succeeded.Deployment?.DeploymentId);
    }

    [Fact]
    public async Task ThrowIfErrorRethrowsTheTargetsOwnException()
    {
        var outcome = Assert.Single(await WaitAsync(new WaitTarget.ById("00000000-0000-0000-0000-00000000beef")));

        Assert.Equal(WaitOutcomeKind.Error, outcome.Kind);
        Assert.Throws<RailwayApiException>(() => outcome.ThrowIfError());
    }

    [Fact]
    public async Task TheClientsDeadlineEndsTheWaitEvenWhenTheWaitsOwnTimeoutIsLonger()
    {
        var id = railway.Add(DeploymentStatus.Building);
        using var deadline = Core.Resilience.Deadline.After(TimeSpan.FromMilliseconds(500));
        using var bounded = new RailwayClient(new GraphQLTransport(new GraphQLTransportOptions
        {
            Endpoint = railway.Endpoint,
            Credential = new RailwayCredential(Token, RailwayTokenKind.Account, ValueSource.EnvironmentVariable("RAILWAY_API_TOKEN")),
            Events = events,
            Deadline = deadline,
        }));
        var outcomes = new List<WaitOutcome>();

        await foreach (var outcome in new DeploymentWaiter(bounded, events).WaitAsync(new[] { new WaitTarget.ById(id) }, new WaitOptions { Timeout = TimeSpan.FromMinutes(10) }, CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        Assert.Equal(WaitOutcomeKind.TimedOut, Assert.Single(outcomes).Kind);
    }

    [Fact]
    public async Task ASilentEndpointTimesTheWaitOutAtTheDeadline()
    {
        await using var silent = new SilentServer();
        using var deadline = Core.Resilience.Deadline.After(TimeSpan.FromSeconds(1));
        using var bounded = new RailwayClient(new GraphQLTransport(new GraphQLTransportOptions
        {
            Endpoint = silent.Endpoint,
            Credential = new RailwayCredential(Token, RailwayTokenKind.Account, ValueSource.EnvironmentVariable("RAILWAY_API_TOKEN")),
            Events = events,
            Deadline = deadline,
        }));
        var clock = Stopwatch.StartNew();
        var outcomes = new List<WaitOutcome>();

        await foreach (var outcome in new DeploymentWaiter(bounded, events).WaitAsync(
            new WaitTarget[] { new WaitTarget.ById("d1"), new WaitTarget.ByCommit("p", "e", "s", "abcdef1") }, new WaitOptions(), CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, outcome => Assert.Equal(WaitOutcomeKind.TimedOut, outcome.Kind));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the wait took {clock.Elapsed}");
    }

    [Fact]
    public async Task ProgressMovesWhileTheStatusDoesNot()
    {
        var id = railway.Add(DeploymentStatus.Deploying);
        var waiter = new DeploymentWaiter(client, events) { ProgressInterval = TimeSpan.FromMilliseconds(100) };

        await foreach (var _ in waiter.WaitAsync(new[] { new WaitTarget.ById(id) }, new WaitOptions { Timeout = TimeSpan.FromSeconds(2.5) }, CancellationToken.None))
        {
        }

        var lines = events.Events.Where(e => e.Level == RailwayEventLevel.Progress && !e.Completed).Select(e => e.Message).ToList();
        Assert.True(lines.Count >= 10, $"only {lines.Count} progress records in 2.5 s");
        Assert.All(lines, line => Assert.Matches(@"waited \d+ s · \d+ status checks? · deadline \d\d:\d\d:\d\d \(\d+ s left\)", line));
        Assert.True(lines.Distinct().Count() >= 3, "the time waited and left must move: " + string.Join(" | ", lines.Distinct()));
        Assert.Contains(lines, line => line.StartsWith("DEPLOYING", StringComparison.Ordinal) && !line.Contains(" 0 status checks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWaitForADeploymentWhosePlaceIsKnownNeverSaysQuestionMark()
    {
        var id = railway.Add(DeploymentStatus.Building);
        ChangeLater(id, DeploymentStatus.Success, 300);
        var piped = new RailwayDeployment { DeploymentId = id, Status = DeploymentStatus.Building, ProjectId = "p", EnvironmentId = "e", EnvironmentName = "staging", ServiceName = "api" };

        await WaitAsync(new WaitTarget.ById(id) { Known = piped }, new WaitTarget.ById(railway.Add(DeploymentStatus.Success)));

        var activities = events.Events.Where(e => e.Level == RailwayEventLevel.Progress).Select(e => e.Activity ?? string.Empty).ToList();
        Assert.NotEmpty(activities);
        Assert.DoesNotContain(activities, activity => activity.Contains('?', StringComparison.Ordinal));
        Assert.Contains($"Waiting for api/staging deployment {id[..8]}", activities);
    }

    [Fact]
    public void TheSameIdIsOneTargetWhateverWasKnownAboutIt()
    {
        var known = new RailwayDeployment { DeploymentId = "d1", Status = DeploymentStatus.Building, ProjectId = "p", EnvironmentId = "e" };

        Assert.Equal(new WaitTarget.ById("d1"), new WaitTarget.ById("d1") { Known = known });
        Assert.Single(new HashSet<WaitTarget> { new WaitTarget.ById("d1"), new WaitTarget.ById("d1") { Known = known } });
    }

    private DeploymentWaiter Waiter() => new(client, events) { InitialPollInterval = TimeSpan.FromMilliseconds(50), SubscriptionCheckInterval = TimeSpan.FromMilliseconds(500) };

    private Task<List<WaitOutcome>> WaitAsync(params WaitTarget[] targets) =>
        WaitAsync(new WaitOptions { Timeout = TimeSpan.FromSeconds(30), MaxPollInterval = TimeSpan.FromMilliseconds(200) }, targets);

    private Task<List<WaitOutcome>> WaitAsync(WaitTarget target, WaitOptions options) => WaitAsync(options, target);

    private async Task<List<WaitOutcome>> WaitAsync(WaitOptions options, params WaitTarget[] targets)
    {
        var outcomes = new List<WaitOutcome>();
        await foreach (var outcome in Waiter().WaitAsync(targets, options with { MaxPollInterval = TimeSpan.FromMilliseconds(200) }, CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the waiter never got there");
            await Task.Delay(20);
        }
    }

    private void ChangeLater(string id, DeploymentStatus status, int milliseconds) =>
        _ = Task.Delay(milliseconds).ContinueWith(_ => railway.SetStatus(id, status), TaskScheduler.Default);
}
