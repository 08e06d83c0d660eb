using System.Runtime.CompilerServices;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Resilience;

namespace RailwayOps.Core.Waiting;

/// <summary>
/// Waits for deployments to reach a final status, all targets at once. Each target listens on the
/// deployment(id) subscription (no HTTP request while it holds) and falls back to polling with an
/// adaptive interval when the WebSocket is unavailable or drops; after a drop the deployment is read
/// once over HTTP, so a final status reached meanwhile is neither missed nor reported twice.
/// </summary>
/// <remarks>
/// One deadline bounds the wait: the earlier of <see cref="WaitOptions.Timeout"/> and the client's own
/// <see cref="Resilience.Deadline"/> (a cmdlet's -TimeoutSec), and every request inside the wait answers to it.
/// A target that cannot be waited for (an unknown id, a refused token, Railway unreachable) ends with a
/// <see cref="WaitOutcomeKind.Error"/> outcome of its own; the other targets keep waiting and report theirs,
/// as Wait-Process gives each process its own error.
/// </remarks>
public sealed class DeploymentWaiter
{
    /// <summary>How many deployments a commit lookup reads first: the newest page is where a fresh push lands (<see cref="CommitDeploymentFinder"/> reads on when it is not there).</summary>
    public const int CommitLookupDepth = 10;

    private const double Backoff = 1.5;

    private readonly RailwayClient client;
    private readonly IRailwayEventSink events;

    public DeploymentWaiter(RailwayClient client, IRailwayEventSink events)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.events = events ?? throw new ArgumentNullException(nameof(events));
    }

    /// <summary>The first pause of a poll loop; the interval grows by half each quiet poll up to the ceiling.</summary>
    public TimeSpan InitialPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the subscription may stay silent before the deployment is read once over HTTP to be sure.</summary>
    /// <remarks>90 s keeps a one-minute wait within three requests (the API budget goal) while still
    /// noticing a socket that died without a close within a minute and a half.</remarks>
    public TimeSpan SubscriptionCheckInterval { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How often each unfinished target's progress line is refreshed (time waited, checks, time left) while nothing changes.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Yields one outcome per target as each finishes (with <see cref="WaitOptions.Any"/>, only the first).</summary>
    public async IAsyncEnumerable<WaitOutcome> WaitAsync(IReadOnlyList<WaitTarget> targets, WaitOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        if (targets.Count == 0)
        {
            yield break;
        }

        using var stopOthers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadline = client.Transport.Deadline.Within(options.Timeout);
        var watches = targets.Select((target, index) => new DeploymentWatch(target, index, events, deadline)).ToList();
        var pending = watches.Select(watch => WaitOneAsync(watch, options, deadline, stopOthers.Token)).ToList();
        var ticker = TickAsync(watches, stopOthers.Token);
        try
        {
            while (pending.Count > 0)
            {
                var finished = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(finished);
                yield return await finished.ConfigureAwait(false);
                if (options.Any)
                {
                    yield break;
                }
            }
        }
        finally
        {
            stopOthers.Cancel();
            await Task.WhenAll(pending.Select(AsyncEnumeration.Observe).Append(AsyncEnumeration.Observe(ticker))).ConfigureAwait(false);
        }
    }

    /// <summary>Refreshes every unfinished target's progress line, so a wait whose status does not move still visibly does.</summary>
    private async Task TickAsync(IReadOnlyList<DeploymentWatch> watches, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var watch in watches)
            {
                watch.ReportProgress();
            }
        }
    }

    private async Task<WaitOutcome> WaitOneAsync(DeploymentWatch watch, WaitOptions options, Deadline deadline, CancellationToken cancellationToken)
    {
        // Let every target start before the first one blocks the caller's thread.
        await Task.Yield();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            watch.ReportProgress();
            var found = await FindAsync(watch, options, linked.Token).ConfigureAwait(false);
            if (found is null)
            {
                return watch.Outcome(WaitOutcomeKind.NeverAppeared);
            }

            var final = await FollowAsync(watch, found, options, linked.Token).ConfigureAwait(false);
            var kind = WaitOutcome.KindOf(final.Status);
            if (!WaitOutcome.CarriesLogs(kind))
            {
                return watch.Outcome(kind);
            }

            // The wait's own timeout no longer applies: the outcome is known and its log tail is what the user
            // needs next (a cmdlet's deadline still bounds the requests).
            var buildTail = ReadTailAsync(watch, final.DeploymentId, RailwayLogType.Build, options.BuildLogLines, cancellationToken);
            var deployTail = ReadTailAsync(watch, final.DeploymentId, RailwayLogType.Deploy, options.DeployLogLines, cancellationToken);
            return watch.Outcome(kind, await buildTail.ConfigureAwait(false), await deployTail.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (deadline.Token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return watch.Outcome(WaitOutcomeKind.TimedOut);
        }
        catch (RailwayApiException exception) when (exception.DeadlinePassed && !cancellationToken.IsCancellationRequested)
        {
            // A request ran into the same deadline just before the wait's own token fired.
            return watch.Outcome(WaitOutcomeKind.TimedOut);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // This target's failure is its own outcome; the others keep waiting.
            watch.Report(RailwayEventLevel.Verbose, WaitMessages.TargetFailed, watch.Label, exception.Message);
            return watch.Outcome(WaitOutcomeKind.Error) with { Error = exception };
        }
        finally
        {
            watch.Complete();
        }
    }

    /// <summary>The deployment to follow: known at once by id, or looked up until it appears. Null when it never did.</summary>
    private async Task<FoundDeployment?> FindAsync(DeploymentWatch watch, WaitOptions options, CancellationToken cancellationToken)
    {
        if (watch.Target is WaitTarget.ById byId)
        {
            return new FoundDeployment(byId.DeploymentId, null);
        }

        var interval = InitialPollInterval;
        watch.SetPhase(WaitMessages.ProgressLookingUp);
        var byCommit = watch.Target is WaitTarget.ByCommit commit ? new CommitDeploymentFinder(client, commit) : null;
        while (true)
        {
            var deployment = byCommit is not null
                ? await byCommit.FindAsync(cancellationToken).ConfigureAwait(false)
                : await LookUpAsync(watch.Target, cancellationToken).ConfigureAwait(false);
            watch.CountCheck();
            if (deployment is not null)
            {
                return new FoundDeployment(deployment.DeploymentId, deployment);
            }

            var left = options.AppearTimeout - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            watch.Report(RailwayEventLevel.Verbose, WaitMessages.WaitingToAppear, watch.Label, watch.Elapsed.TotalSeconds);
            await Task.Delay(Min(interval, left), cancellationToken).ConfigureAwait(false);
            interval = Min(TimeSpan.FromTicks((long)(interval.Ticks * Backoff)), options.MaxPollInterval);
        }
    }

    private async Task<RailwayDeployment?> LookUpAsync(WaitTarget target, CancellationToken cancellationToken)
    {
        switch (target)
        {
            case WaitTarget.LatestOf latest:
                return await client.Deployments.GetLatestAsync(latest.EnvironmentId, latest.ServiceId, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, null);
        }
    }

    /// <summary>Follows one deployment to a final status: subscription first, then one HTTP read, then polling.</summary>
    private async Task<RailwayDeployment> FollowAsync(DeploymentWatch watch, FoundDeployment found, WaitOptions options, CancellationToken cancellationToken)
    {
        if (found.Known is { } known)
        {
            watch.Observe(known);
            if (known.Status.IsTerminal())
            {
                return known;
            }
        }

        if (options.UseSubscription)
        {
            if (await ListenAsync(watch, found.DeploymentId, options, cancellationToken).ConfigureAwait(false) is { } final)
            {
                return final;
            }

            var current = await client.Deployments.GetAsync(found.DeploymentId, cancellationToken).ConfigureAwait(false);
            watch.CountCheck();
            watch.Observe(current);
            if (current.Status.IsTerminal())
            {
                return current;
            }
        }

        return await PollAsync(watch, found.DeploymentId, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The final deployment if the subscription delivered it (or a check found it); null when the
    /// subscription failed or ended early. A connection can die without a close (a proxy drops it), so
    /// after <see cref="SubscriptionCheckInterval"/> without a message the deployment is read once over HTTP.
    /// </summary>
    private async Task<RailwayDeployment?> ListenAsync(DeploymentWatch watch, string deploymentId, WaitOptions options, CancellationToken cancellationToken)
    {
        string reason;
        watch.SetPhase(WaitMessages.ProgressListening);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var updates = client.Deployments.SubscribeAsync(deploymentId, listening.Token).GetAsyncEnumerator(listening.Token);
        var next = updates.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                if (!await ArrivesWithinAsync(next, SubscriptionCheckInterval, cancellationToken).ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var checkedNow = await client.Deployments.GetAsync(deploymentId, cancellationToken).ConfigureAwait(false);
                    watch.CountCheck();
                    watch.Observe(checkedNow);
                    if (checkedNow.Status.IsTerminal())
                    {
                        return checkedNow;
                    }

                    continue;
                }

                if (!await next.ConfigureAwait(false))
                {
                    reason = "completed";
                    break;
                }

                var deployment = updates.Current;
                watch.CountCheck();
                watch.Observe(deployment);
                if (deployment.Status.IsTerminal())
                {
                    return deployment;
                }

                next = updates.MoveNextAsync().AsTask();
            }
        }
        catch (SubscriptionException exception)
        {
            reason = exception.Message;
        }
        catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.InvalidResponse)
        {
            reason = exception.Message;
        }
        finally
        {
            await AsyncEnumeration.CancelAndDisposeAsync(updates, next, listening).ConfigureAwait(false);
        }

        watch.Report(RailwayEventLevel.Verbose, WaitMessages.SubscriptionUnavailable, watch.Label, reason, options.MaxPollInterval.TotalSeconds);
        return null;
    }

    private async Task<RailwayDeployment> PollAsync(DeploymentWatch watch, string deploymentId, WaitOptions options, CancellationToken cancellationToken)
    {
        var interval = Min(InitialPollInterval, options.MaxPollInterval);
        while (true)
        {
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            var deployment = await client.Deployments.GetAsync(deploymentId, cancellationToken).ConfigureAwait(false);
            watch.CountCheck();
            var changed = watch.Observe(deployment);
            watch.Report(RailwayEventLevel.Debug, WaitMessages.Polled, watch.Label, deployment.Status.ToWireName());
            if (deployment.Status.IsTerminal())
            {
                return deployment;
            }

            interval = changed
                ? Min(InitialPollInterval, options.MaxPollInterval)
                : Min(TimeSpan.FromTicks((long)(interval.Ticks * Backoff)), options.MaxPollInterval);
        }
    }

    private async Task<IReadOnlyList<RailwayLogLine>> ReadTailAsync(DeploymentWatch watch, string deploymentId, RailwayLogType type, int lines, CancellationToken cancellationToken)
    {
        if (lines <= 0)
        {
            return Array.Empty<RailwayLogLine>();
        }

        try
        {
            return await client.Logs.GetAsync(deploymentId, type, new LogQuery { Limit = lines }, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception)
        {
            // The outcome is what matters; a missing tail is reported, not fatal.
            watch.Report(RailwayEventLevel.Verbose, WaitMessages.LogTailUnavailable, watch.Label, exception.Message);
            return Array.Empty<RailwayLogLine>();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>True when <paramref name="next"/> finishes first; the timer is released either way.</summary>
    private static async Task<bool> ArrivesWithinAsync(Task next, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(interval, quiet.Token);
        var first = await Task.WhenAny(next, timer).ConfigureAwait(false);
        quiet.Cancel();
        return first == next;
    }

    private sealed record FoundDeployment(string DeploymentId, RailwayDeployment? Known);
}
