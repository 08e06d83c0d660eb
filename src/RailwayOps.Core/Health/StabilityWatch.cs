using System.Diagnostics;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;

namespace RailwayOps.Core.Health;

/// <summary>What to watch after a deployment went live, and for how long.</summary>
public sealed class StabilityOptions
{
    /// <summary>
    /// The window the release loop and the waits use unless told otherwise: long enough to see an app that
    /// passes its health check and then exits (the seed's "health passed but container stopped") and its first
    /// crash-and-restart, short enough to keep an interactive release under a minute.
    /// </summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(20);

    /// <summary>The pause between two health probes in the window: a low rate, as a watch should be.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(5);

    /// <summary>The shortest pause between two probes, however short the window.</summary>
    public static readonly TimeSpan MinProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>How soon a failed probe is tried again before it counts: one slow answer is not instability.</summary>
    public static readonly TimeSpan ConfirmDelay = TimeSpan.FromSeconds(1);

    public required TimeSpan Window { get; init; }

    /// <summary>The deployment whose status is watched (on the deployment subscription, else polled); null watches none.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The health URL probed at <see cref="ProbeInterval"/>; null probes none.</summary>
    public Uri? HealthUri { get; init; }

    /// <summary>The version every probe must report; null accepts any healthy answer.</summary>
    public string? ExpectedVersion { get; init; }

    public string VersionProperty { get; init; } = "version";

    public TimeSpan ProbeInterval { get; init; } = DefaultProbeInterval;

    /// <summary>The pause actually used: <see cref="ProbeInterval"/>, shortened so that even a short window is probed at least twice.</summary>
    internal TimeSpan EffectiveProbeInterval
    {
        get
        {
            var third = TimeSpan.FromTicks(Window.Ticks / 3);
            var shortened = third < ProbeInterval ? third : ProbeInterval;
            return shortened < MinProbeInterval ? MinProbeInterval : shortened;
        }
    }

    /// <summary>Listen on the deployment(id) subscription; false polls over HTTP at <see cref="ProbeInterval"/>.</summary>
    public bool UseSubscription { get; init; } = true;
}

/// <summary>
/// Watches a deployment that went live for a stability window: its status (on the deployment subscription, so
/// no HTTP request while it holds) and, at a low rate, its health URL. Railway's health check only gates the
/// cut-over; an app that answers once and then crashes, restarts, stops or stops answering the expected version
/// within the window is unstable, and the verdict says which of these happened and when.
/// </summary>
/// <remarks>One component for the release loop's Test stage, Test-RailwayHealth and Wait-RailwayDeployment.</remarks>
public sealed class StabilityWatch
{
    /// <summary>Progress id of a stability window, clear of the cmdlets' and the waiter's ids.</summary>
    public const int ActivityId = 0x5360;

    private readonly RailwayClient? client;
    private readonly IRailwayEventSink events;

    /// <param name="client">Needed to watch a deployment's status; null when only a health URL is watched.</param>
    public StabilityWatch(RailwayClient? client, IRailwayEventSink? events = null)
    {
        this.client = client;
        this.events = events ?? NullEventSink.Instance;
    }

    /// <exception cref="OperationCanceledException">Cancelled; no verdict.</exception>
    /// <exception cref="RailwayApiException">Railway could not be asked for the deployment's status.</exception>
    public async Task<StabilityVerdict> WatchAsync(StabilityOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DeploymentId is not null && client is null)
        {
            throw new ArgumentException(HealthMessages.StabilityNeedsClient, nameof(options));
        }
        var clock = Stopwatch.StartNew();
        var progress = new Progress(events, options, clock);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = Task.Delay(options.Window, watching.Token);
        var tasks = new List<Task<StabilityVerdict?>>();
        if (options.DeploymentId is { } deploymentId)
        {
            tasks.Add(WatchStatusAsync(deploymentId, options, progress, watching.Token));
        }
        if (options.HealthUri is not null)
        {
            tasks.Add(WatchHealthAsync(options, progress, watching.Token));
        }
        try
        {
            var pending = new List<Task>(tasks) { window };
            while (true)
            {
                var first = await Task.WhenAny(pending).ConfigureAwait(false);
                if (first == window)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return progress.Verdict(stable: true, reason: null);
                }
                var verdict = await ((Task<StabilityVerdict?>)first).ConfigureAwait(false);
                if (verdict is not null)
                {
                    return verdict;
                }
                pending.Remove(first);
            }
        }
        finally
        {
            watching.Cancel();
            await Task.WhenAll(tasks.Select(AsyncEnumeration.Observe).Append(AsyncEnumeration.Observe(window))).ConfigureAwait(false);
            progress.Complete();
        }
    }

    /// <summary>The unstable verdict when the status leaves SUCCESS (or its instances stop); null when the window ended first.</summary>
    private async Task<StabilityVerdict?> WatchStatusAsync(string deploymentId, StabilityOptions options, Progress progress, CancellationToken cancellationToken)
    {
        if (options.UseSubscription)
        {
            var updates = client!.Deployments.SubscribeAsync(deploymentId, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    if (progress.Observe(updates.Current) is { } unstable)
                    {
                        return unstable;
                    }
                }
            }
            catch (SubscriptionException exception) when (!cancellationToken.IsCancellationRequested)
            {
                progress.Note(HealthMessages.Format(HealthMessages.StabilityPolling, exception.Message));
            }
            catch (RailwayApiException exception) when (exception.Kind == RailwayApiErrorKind.InvalidResponse && !cancellationToken.IsCancellationRequested)
            {
                progress.Note(HealthMessages.Format(HealthMessages.StabilityPolling, exception.Message));
            }
            finally
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }
        while (true)
        {
            if (progress.Observe(await client!.Deployments.GetAsync(deploymentId, cancellationToken).ConfigureAwait(false)) is { } unstable)
            {
                return unstable;
            }
            await Task.Delay(options.EffectiveProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The unstable verdict when the health URL stops answering healthy (twice in a row); null never: it probes until cancelled.</summary>
    private async Task<StabilityVerdict?> WatchHealthAsync(StabilityOptions options, Progress progress, CancellationToken cancellationToken)
    {
        using var probe = new HealthProbe(NullEventSink.Instance);
        var single = new HealthProbeOptions(options.HealthUri!)
        {
            ExpectedVersion = options.ExpectedVersion,
            VersionProperty = options.VersionProperty,
            Timeout = TimeSpan.Zero,
        };
        while (true)
        {
            await Task.Delay(options.EffectiveProbeInterval, cancellationToken).ConfigureAwait(false);
            var health = await probe.CheckAsync(single, cancellationToken).ConfigureAwait(false);
            if (!health.Healthy)
            {
                await Task.Delay(StabilityOptions.ConfirmDelay, cancellationToken).ConfigureAwait(false);
                health = await probe.CheckAsync(single, cancellationToken).ConfigureAwait(false);
            }
            if (progress.Observe(health) is { } unstable)
            {
                return unstable;
            }
        }
    }

    /// <summary>What has been seen so far in the window, reported as progress; used by the status and health tasks at once.</summary>
    private sealed class Progress
    {
        private readonly object gate = new();
        private readonly IRailwayEventSink events;
        private readonly StabilityOptions options;
        private readonly Stopwatch clock;
        private readonly List<DeploymentStatus> statuses = new();
        private RailwayDeployment? deployment;
        private HealthCheckResult? health;
        private int probes;

        public Progress(IRailwayEventSink events, StabilityOptions options, Stopwatch clock)
        {
            this.events = events;
            this.options = options;
            this.clock = clock;
        }

        public StabilityVerdict? Observe(RailwayDeployment seen)
        {
            string? reason = null;
            lock (gate)
            {
                deployment = seen;
                if (statuses.Count == 0 || statuses[^1] != seen.Status)
                {
                    statuses.Add(seen.Status);
                }
                if (seen.Status != DeploymentStatus.Success)
                {
                    reason = HealthMessages.Format(HealthMessages.StabilityStatus, seen.DeploymentId, seen.Status.ToWireName(), clock.Elapsed.TotalSeconds,
                        options.Window.TotalSeconds);
                }
                else if (seen.DeploymentStopped)
                {
                    reason = HealthMessages.Format(HealthMessages.StabilityStopped, seen.DeploymentId, clock.Elapsed.TotalSeconds, options.Window.TotalSeconds);
                }
            }
            Report();
            return reason is null ? null : Verdict(stable: false, reason);
        }

        public StabilityVerdict? Observe(HealthCheckResult seen)
        {
            lock (gate)
            {
                health = seen;
                probes++;
            }
            Report();
            return seen.Healthy
                ? null
                : Verdict(stable: false, HealthMessages.Format(HealthMessages.StabilityUnhealthy, seen.Uri, seen.LastError, clock.Elapsed.TotalSeconds,
                    options.Window.TotalSeconds));
        }

        public void Note(string message) => events.Report(new RailwayEvent(RailwayEventLevel.Verbose, message));

        public StabilityVerdict Verdict(bool stable, string? reason)
        {
            lock (gate)
            {
                return new StabilityVerdict
                {
                    Stable = stable,
                    Window = options.Window,
                    Watched = stable ? options.Window : clock.Elapsed,
                    DeploymentId = options.DeploymentId,
                    Status = deployment?.Status,
                    StatusHistory = statuses.ToArray(),
                    HealthUri = options.HealthUri,
                    Probes = probes,
                    LastHealth = health,
                    Reason = reason,
                };
            }
        }

        public void Complete() => events.Report(new RailwayEvent(RailwayEventLevel.Progress, HealthMessages.StabilityActivity)
        {
            Activity = HealthMessages.StabilityActivity,
            ActivityId = ActivityId,
            PercentComplete = 100,
            Completed = true,
        });

        private void Report()
        {
            string status;
            lock (gate)
            {
                status = HealthMessages.Format(HealthMessages.StabilityProgress, clock.Elapsed.TotalSeconds, options.Window.TotalSeconds,
                    deployment?.Status.ToWireName() ?? "-", probes, health is null ? "-" : health.Healthy ? HealthMessages.AttemptHealthy : health.LastError);
            }
            events.Report(new RailwayEvent(RailwayEventLevel.Progress, status)
            {
                Activity = HealthMessages.StabilityActivity,
                ActivityId = ActivityId,
                PercentComplete = (int)Math.Clamp(100 * clock.Elapsed.TotalSeconds / Math.Max(options.Window.TotalSeconds, 0.001), 0, 99),
            });
            events.Report(new RailwayEvent(RailwayEventLevel.Verbose, status));
        }
    }
}
