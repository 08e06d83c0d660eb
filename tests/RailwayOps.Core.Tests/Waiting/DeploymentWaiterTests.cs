using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Transport;
using RailwayOps.Core.Tests.Support;
using RailwayOps.Core.Waiting;
using Xunit;

namespace RailwayOps.Core.Tests.Waiting;

/// <summary>
/// The waiter over real sockets against <see cref="FakeRailway"/>. Each status change follows something the test
/// saw happen (the fake's record of a subscribe or a request, an event the waiter reported), never a timer; a
/// timeout is a deadline on a <see cref="FakeTimeProvider"/> the test moves past once the waiter got there.
/// </summary>
public sealed class DeploymentWaiterTests : IAsyncLifetime
{
    private const string Token = "waiter-test-token-7c1e";

    private readonly FakeRailway railway = new();
    private readonly RecordingEventSink events = new();
    private readonly FakeTimeProvider time = new();
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
        using var timed = ClientOnFakeTime(TimeSpan.FromDays(1));
        var waiting = WaitAsync(timed, new WaitOptions { Timeout = TimeSpan.FromSeconds(10) }, new WaitTarget.ById(id));
        await Eventually.Async(() => Observed(id, status), $"the waiter to see {status}");

        time.Advance(TimeSpan.FromSeconds(11));

        var outcome = Assert.Single(await waiting.WaitAsync(Eventually.Patience));
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

        var outcome = Assert.Single(await waiting.WaitAsync(Eventually.Patience));
        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(new[] { DeploymentStatus.Building, DeploymentStatus.Deploying, DeploymentStatus.Success }, outcome.StatusHistory);
        Assert.True(railway.TotalHttpRequests == 0, $"{railway.TotalHttpRequests} HTTP request(s); the waiter said: {Said()}");
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
        var waiting = WaitAsync(new WaitTarget.ById(id));
        await Eventually.Async(() => railway.HttpRequests("Deployment") >= 1, "the first poll");

        railway.SetStatus(id, DeploymentStatus.Success);

        var outcome = Assert.Single(await waiting.WaitAsync(Eventually.Patience));

        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.True(railway.HttpRequests("Deployment") >= 2);
        Assert.Contains(events.Events, e => e.Message.Contains("subscription is unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportsTheFinalStatusOnceWhenTheSocketDropsJustBeforeIt()
    {
        var id = railway.Add(DeploymentStatus.Building);
        var waiting = WaitAsync(new WaitTarget.ById(id));
        await Eventually.Async(() => Observed(id, DeploymentStatus.Building), "the subscription's first status");

        // FAILED is reached while the socket is down: only the waiter's read after the drop can see it.
        railway.DropSockets();
        railway.SetStatus(id, DeploymentStatus.Failed);

        var outcomes = await waiting.WaitAsync(Eventually.Patience);

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
        // The quiet-subscription check is the waiter's own timer; the change goes in well before it fires.
        var waiter = new DeploymentWaiter(client, events) { InitialPollInterval = TimeSpan.FromMilliseconds(50), SubscriptionCheckInterval = TimeSpan.FromSeconds(1) };
        var waiting = WaitAsync(waiter, Patiently(), new WaitTarget.ById(id));
        await Eventually.Async(() => Observed(id, DeploymentStatus.Building), "the subscription's first status");

        // The socket is silenced: this change reaches the waiter only through its check over HTTP.
        railway.SetStatus(id, DeploymentStatus.Success);

        var outcome = Assert.Single(await waiting.WaitAsync(Eventually.Patience));

        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(1, railway.HttpRequests("Deployment"));
    }

    [Fact]
    public async Task WaitsForAllTargetsConcurrently()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => railway.Add(DeploymentStatus.Building)).ToList();
        var waiting = WaitAsync(ids.Select(id => (WaitTarget)new WaitTarget.ById(id)).ToArray());

        // Concurrently: all five are listening before any of them has finished.
        await Eventually.Async(() => railway.Subscribes >= 5, "five subscriptions open at once");
        ids.ForEach(id => railway.SetStatus(id, DeploymentStatus.Success));

        var outcomes = await waiting.WaitAsync(Eventually.Patience);
        Assert.Equal(5, outcomes.Count);
        Assert.All(outcomes, outcome => Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind));
    }

    [Fact]
    public async Task AnyReportsOnlyTheFirstToFinish()
    {
        var slow = railway.Add(DeploymentStatus.Building);
        var fast = railway.Add(DeploymentStatus.Building);
        var waiting = WaitAsync(new WaitOptions { Any = true, Timeout = TimeSpan.FromSeconds(30) }, new WaitTarget.ById(slow), new WaitTarget.ById(fast));
        await Eventually.Async(() => railway.Subscribes >= 2, "both subscriptions");

        railway.SetStatus(fast, DeploymentStatus.Success);

        var outcomes = await waiting.WaitAsync(Eventually.Patience);

        Assert.Equal(fast, Assert.Single(outcomes).Deployment?.DeploymentId);
    }

    [Fact]
    public async Task TimesOutEveryUnfinishedTarget()
    {
        var done = railway.Add(DeploymentStatus.Success);
        var stuck = new[] { railway.Add(DeploymentStatus.Building), railway.Add(DeploymentStatus.Deploying) };
        using var timed = ClientOnFakeTime(TimeSpan.FromDays(1));
        var waiting = WaitAsync(timed, new WaitOptions { Timeout = TimeSpan.FromSeconds(10) }, new WaitTarget.ById(done), new WaitTarget.ById(stuck[0]), new WaitTarget.ById(stuck[1]));
        await Eventually.Async(
            () => Finished(done) && Observed(stuck[0], DeploymentStatus.Building) && Observed(stuck[1], DeploymentStatus.Deploying),
            "the finished one to end and the others to be seen");

        time.Advance(TimeSpan.FromSeconds(11));

        var outcomes = await waiting.WaitAsync(Eventually.Patience);

        Assert.Equal(WaitOutcomeKind.Succeeded, outcomes[0].Kind);
        Assert.Equal(stuck.OrderBy(id => id), outcomes.Where(o => o.Kind == WaitOutcomeKind.TimedOut).Select(o => o.Deployment!.DeploymentId).OrderBy(id => id));
    }

    [Fact]
    public async Task FindsTheDeploymentOfACommitByPrefixWhenItAppears()
    {
        railway.Add(DeploymentStatus.Success);
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        var waiting = WaitAsync(new WaitTarget.ByCommit(FakeRailway.ProjectId, FakeRailway.EnvironmentId, FakeRailway.ServiceId, commit[..7]));
        await Eventually.Async(() => railway.HttpRequests("Deployments") >= 1, "a first lookup that finds nothing");

        railway.Add(DeploymentStatus.Success, commit);

        var outcome = Assert.Single(await waiting.WaitAsync(Eventually.Patience));

        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(commit, outcome.Deployment?.CommitHash);
    }

    [Fact]
    public async Task EndsWithNeverAppearedWhenNoDeploymentOfTheCommitShowsUp()
    {
        railway.Add(DeploymentStatus.Success);

        var outcome = Assert.Single(await WaitAsync(
            new WaitOptions { AppearTimeout = TimeSpan.FromMilliseconds(300), MaxPollInterval = TimeSpan.FromMilliseconds(100) },
            new WaitTarget.ByCommit(FakeRailway.ProjectId, FakeRailway.EnvironmentId, FakeRailway.ServiceId, "fedcba9")));

        Assert.Equal(WaitOutcomeKind.NeverAppeared, outcome.Kind);
        Assert.Null(outcome.Deployment);
        Assert.Contains("fedcba9", WaitOutcomeText.Describe(outcome), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeverAppearedNamesTheServiceAndEnvironmentWhenTheyAreKnown()
    {
        railway.Add(DeploymentStatus.Success);
        var options = new WaitOptions { AppearTimeout = TimeSpan.FromMilliseconds(300), MaxPollInterval = TimeSpan.FromMilliseconds(100) };

        var byCommit = Assert.Single(await WaitAsync(options,
            new WaitTarget.ByCommit(FakeRailway.ProjectId, FakeRailway.EnvironmentId, FakeRailway.ServiceId, "0123456") { Place = "web/production" }));

        var text = WaitOutcomeText.Describe(byCommit);
        Assert.StartsWith("No deployment of commit 0123456 in web/production appeared within", text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeRailway.ServiceId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeRailway.EnvironmentId, text, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetsWithTheSameIdsAreOneTargetWhateverTheirPlace()
    {
        var named = new WaitTarget.ByCommit("p", "e", "s", "abc1234") { Place = "web/production" };
        var unnamed = new WaitTarget.ByCommit("p", "e", "s", "abc1234");

        Assert.Equal(named, unnamed);
        Assert.Equal(named.GetHashCode(), unnamed.GetHashCode());
        Assert.Equal(new WaitTarget.LatestOf("p", "e", "s") { Place = "web/production" }, new WaitTarget.LatestOf("p", "e", "s"));
    }

    [Fact]
    public async Task WaitsForTheLatestDeploymentOfAService()
    {
        railway.Add(DeploymentStatus.Removed);
        var latest = railway.Add(DeploymentStatus.Building);
        var waiting = WaitAsync(new WaitTarget.LatestOf(FakeRailway.ProjectId, FakeRailway.EnvironmentId, FakeRailway.ServiceId));
        await Eventually.Async(() => Observed(latest, DeploymentStatus.Building), "the latest deployment to be followed");

        railway.SetStatus(latest, DeploymentStatus.Success);

        var outcome = Assert.Single(await waiting.WaitAsync(Eventually.Patience));

        Assert.Equal(latest, outcome.Deployment?.DeploymentId);
        Assert.Equal(WaitOutcomeKind.Succeeded, outcome.Kind);
    }

    [Fact]
    public async Task CancellationEndsTheWaitPromptly()
    {
        var id = railway.Add(DeploymentStatus.Building);
        using var cancellation = new CancellationTokenSource();
        var waiting = Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Waiter().WaitAsync(new[] { new WaitTarget.ById(id) }, new WaitOptions { Timeout = TimeSpan.Zero }, cancellation.Token))
            {
            }
        });
        await Eventually.Async(() => railway.Subscribes >= 1, "the subscription");
        var clock = Stopwatch.StartNew();

        cancellation.Cancel();

        await waiting.WaitAsync(Eventually.Patience);
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
        const string unknown = "00000000-0000-0000-0000-00000000dead";
        var waiting = WaitAsync(new WaitTarget.ById(unknown), new WaitTarget.ById(slow));
        await Eventually.Async(
            () => Observed(slow, DeploymentStatus.Building) && events.Events.Any(e => e.Message.Contains("cannot be waited for", StringComparison.Ordinal)),
            "the unknown one to fail while the other is followed");

        railway.SetStatus(slow, DeploymentStatus.Success);

        var outcomes = await waiting.WaitAsync(Eventually.Patience);

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
        using var bounded = ClientOnFakeTime(TimeSpan.FromSeconds(5));
        var waiting = WaitAsync(new DeploymentWaiter(bounded, events), new WaitOptions { Timeout = TimeSpan.FromMinutes(10) }, new WaitTarget.ById(id));
        await Eventually.Async(() => Observed(id, DeploymentStatus.Building), "the waiter to see BUILDING");

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(WaitOutcomeKind.TimedOut, Assert.Single(await waiting.WaitAsync(Eventually.Patience)).Kind);
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
        var piped = new RailwayDeployment { DeploymentId = id, Status = DeploymentStatus.Building, ProjectId = "p", EnvironmentId = "e", EnvironmentName = "staging", ServiceName = "api" };
        var waiting = WaitAsync(new WaitTarget.ById(id) { Known = piped }, new WaitTarget.ById(railway.Add(DeploymentStatus.Success)));
        await Eventually.Async(() => railway.Subscribes >= 2, "both subscriptions");

        railway.SetStatus(id, DeploymentStatus.Success);

        await waiting.WaitAsync(Eventually.Patience);

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

    private static WaitOptions Patiently() => new() { Timeout = TimeSpan.FromSeconds(30), MaxPollInterval = TimeSpan.FromMilliseconds(200) };

    /// <summary>A client whose deadline runs on <see cref="time"/>: a wait's own timeout inside it runs on it too.</summary>
    private RailwayClient ClientOnFakeTime(TimeSpan deadline) => new(new GraphQLTransport(new GraphQLTransportOptions
    {
        Endpoint = railway.Endpoint,
        Credential = new RailwayCredential(Token, RailwayTokenKind.Account, ValueSource.EnvironmentVariable("RAILWAY_API_TOKEN")),
        Events = events,
        Deadline = Core.Resilience.Deadline.After(deadline, time),
    }));

    private Task<List<WaitOutcome>> WaitAsync(params WaitTarget[] targets) => WaitAsync(Patiently(), targets);

    private Task<List<WaitOutcome>> WaitAsync(WaitTarget target, WaitOptions options) => WaitAsync(options, target);

    private Task<List<WaitOutcome>> WaitAsync(WaitOptions options, params WaitTarget[] targets) => WaitAsync(Waiter(), options, targets);

    private Task<List<WaitOutcome>> WaitAsync(RailwayClient on, WaitOptions options, params WaitTarget[] targets) =>
        WaitAsync(new DeploymentWaiter(on, events) { InitialPollInterval = TimeSpan.FromMilliseconds(50), SubscriptionCheckInterval = TimeSpan.FromMilliseconds(500) }, options, targets);

    private static async Task<List<WaitOutcome>> WaitAsync(DeploymentWaiter waiter, WaitOptions options, params WaitTarget[] targets)
    {
        var outcomes = new List<WaitOutcome>();
        await foreach (var outcome in waiter.WaitAsync(targets, options with { MaxPollInterval = TimeSpan.FromMilliseconds(200) }, CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>Whether the waiter reported seeing deployment <paramref name="id"/> in <paramref name="status"/> (first or as a change).</summary>
    private bool Observed(string id, DeploymentStatus status)
    {
        var wire = status.ToWireName();
        return events.Events.Any(e => e.Level == RailwayEventLevel.Verbose
            && e.Message.Contains("deployment " + id[..8], StringComparison.Ordinal)
            && (e.Message.Contains($": {wire} (", StringComparison.Ordinal) || e.Message.Contains($"→ {wire} (", StringComparison.Ordinal)));
    }

    /// <summary>Whether the waiter closed the progress of deployment <paramref name="id"/>: its outcome is settled.</summary>
    private bool Finished(string id) =>
        events.Events.Any(e => e.Level == RailwayEventLevel.Progress && e.Completed && (e.Activity?.Contains(id[..8], StringComparison.Ordinal) ?? false));

    private string Said() => string.Join(" | ", events.Events.Where(e => e.Level != RailwayEventLevel.Progress).Select(e => e.Message));

    private static Task UntilAsync(Func<bool> condition) => Eventually.Async(condition, "the waiter to get there");
}
