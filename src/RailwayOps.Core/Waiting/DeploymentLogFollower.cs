using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Resilience;

namespace RailwayOps.Core.Waiting;

/// <summary>
/// Streams a deployment's build or deploy log until the deployment reaches a final status: the log
/// subscription while it holds (reconnecting after a drop, as the CLI does), polling with startDate
/// when the WebSocket is unavailable, and one HTTP read at the end so no late line is lost. A deployment
/// that is already live (SUCCESS or SLEEPING) when the follow starts is followed as `railway logs` follows a
/// running service: until <see cref="LogFollowOptions.Until"/> passes, the caller cancels (Ctrl+C), or the
/// deployment stops being live (removed, crashed or failed).
/// </summary>
public sealed class DeploymentLogFollower
{
    private const int DefaultTail = 500;
    private const int FinalReadLimit = 5000;
    private const int MaxReconnects = 12;
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(8);

    private readonly RailwayClient client;
    private readonly IRailwayEventSink events;

    public DeploymentLogFollower(RailwayClient client, IRailwayEventSink events)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.events = events ?? throw new ArgumentNullException(nameof(events));
    }

    public TimeSpan InitialPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async IAsyncEnumerable<RailwayLogLine> FollowAsync(string deploymentId, RailwayLogType type, LogFollowOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        ArgumentNullException.ThrowIfNull(options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lines = Channel.CreateUnbounded<RailwayLogLine>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var finished = WaitForEndAsync(deploymentId, options, stop.Token);
        var producer = ProduceAsync(deploymentId, type, options, lines.Writer, finished, stop.Token);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }

            await producer.ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(AsyncEnumeration.Observe(producer), AsyncEnumeration.Observe(finished)).ConfigureAwait(false);
        }
    }

    private async Task WaitForEndAsync(string deploymentId, LogFollowOptions options, CancellationToken cancellationToken)
    {
        var waiter = new DeploymentWaiter(client, events) { InitialPollInterval = InitialPollInterval };
        var waitOptions = new WaitOptions
        {
            Timeout = TimeSpan.Zero,
            BuildLogLines = 0,
            DeployLogLines = 0,
            UseSubscription = options.UseSubscription,
            MaxPollInterval = options.MaxPollInterval,
        };
        WaitOutcome? outcome = null;
        await foreach (var each in waiter.WaitAsync(new[] { new WaitTarget.ById(deploymentId) }, waitOptions, cancellationToken).ConfigureAwait(false))
        {
            outcome = each;
        }

        // An unknown id or a refused token ends the follow with its own error, as before the waiter kept errors per target.
        outcome?.ThrowIfError();
        if (outcome is { Deployment.Status: var status, StatusHistory.Count: 1 } && IsLive(status))
        {
            // Live from the start: its runtime log goes on, so follow it (the stop comes from the caller or -Until).
            events.Report(new RailwayEvent(RailwayEventLevel.Verbose, string.Format(
                System.Globalization.CultureInfo.InvariantCulture, WaitMessages.FollowingLive, DeploymentWatch.Short(deploymentId), status.ToWireName(),
                options.Until is { } until ? string.Format(System.Globalization.CultureInfo.InvariantCulture, WaitMessages.FollowingUntil, until) : WaitMessages.FollowingUntilStopped)));
            await WhileLiveAsync(deploymentId, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns when -Until passes or the deployment stops being live; the caller's cancellation ends it too.</summary>
    private async Task WhileLiveAsync(string deploymentId, LogFollowOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = UntilNotLiveAsync(deploymentId, options, stop.Token);

        // -Until as a deadline: any span, even one beyond what a single timer can wait.
        using var untilDeadline = options.Until is { } end ? Deadline.After(Max(end - DateTimeOffset.UtcNow, TimeSpan.Zero)) : Deadline.None;
        using var untilOrStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, untilDeadline.Token);
        var until = Task.Delay(Timeout.Infinite, untilOrStop.Token);
        try
        {
            var first = await Task.WhenAny(watching, until).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == watching)
            {
                await watching.ConfigureAwait(false);
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(AsyncEnumeration.Observe(watching), AsyncEnumeration.Observe(until)).ConfigureAwait(false);
        }
    }

    /// <summary>The deployment subscription while it holds, then polling: returns once the status is no longer live.</summary>
    private async Task UntilNotLiveAsync(string deploymentId, LogFollowOptions options, CancellationToken cancellationToken)
    {
        if (options.UseSubscription)
        {
            try
            {
                await foreach (var deployment in client.Deployments.SubscribeAsync(deploymentId, cancellationToken).ConfigureAwait(false))
                {
                    if (!IsLive(deployment.Status))
                    {
                        return;
                    }
                }
            }
            catch (SubscriptionException exception)
            {
                events.Report(new RailwayEvent(RailwayEventLevel.Verbose, exception.Message));
            }
        }

        while (true)
        {
            await Task.Delay(options.MaxPollInterval, cancellationToken).ConfigureAwait(false);
            var deployment = await client.Deployments.GetAsync(deploymentId, cancellationToken).ConfigureAwait(false);
            if (!IsLive(deployment.Status))
            {
                return;
            }
        }
    }

    /// <summary>Live: serving (SUCCESS) or idle and woken by the next request (SLEEPING).</summary>
    private static bool IsLive(DeploymentStatus status) => status is DeploymentStatus.Success or DeploymentStatus.Sleeping;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task ProduceAsync(string deploymentId, RailwayLogType type, LogFollowOptions options, ChannelWriter<RailwayLogLine> writer, Task finished, CancellationToken cancellationToken)
    {
        var cursor = new LogCursor(options.Since, options.Until);
        try
        {
            var polling = !options.UseSubscription
                || !await StreamAsync(deploymentId, type, options, writer, cursor, finished, cancellationToken).ConfigureAwait(false);
            if (polling)
            {
                await PollAsync(deploymentId, type, options, writer, cursor, finished, cancellationToken).ConfigureAwait(false);
            }

            await finished.ConfigureAwait(false);

            // Lines written just before the final status may not have been streamed yet.
            await ReadAsync(deploymentId, type, options, writer, cursor, cursor.Last is null ? options.Tail ?? DefaultTail : FinalReadLimit, cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception exception)
        {
            writer.TryComplete(exception);
            throw;
        }
    }

    /// <summary>True when the deployment finished while streaming; false when the WebSocket is unusable and polling must take over.</summary>
    private async Task<bool> StreamAsync(string deploymentId, RailwayLogType type, LogFollowOptions options, ChannelWriter<RailwayLogLine> writer, LogCursor cursor, Task finished, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 0; attempt <= MaxReconnects; attempt++)
        {
            using var streamStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stream = PumpAsync(deploymentId, type, options, writer, cursor, streamStop.Token);
            if (await Task.WhenAny(stream, finished).ConfigureAwait(false) == finished)
            {
                streamStop.Cancel();
                await AsyncEnumeration.Observe(stream).ConfigureAwait(false);
                return true;
            }

            try
            {
                await stream.ConfigureAwait(false);
            }
            catch (SubscriptionException exception) when (exception.Kind != SubscriptionFailureKind.Dropped)
            {
                events.Report(new RailwayEvent(RailwayEventLevel.Verbose, exception.Message));
                return false;
            }
            catch (SubscriptionException exception)
            {
                events.Report(new RailwayEvent(RailwayEventLevel.Verbose, exception.Message));
            }

            if (await Task.WhenAny(Task.Delay(delay, cancellationToken), finished).ConfigureAwait(false) == finished)
            {
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            delay = TimeSpan.FromTicks(Math.Min(MaxReconnectDelay.Ticks, (long)(delay.Ticks * 1.5)));
        }

        return false;
    }

    private async Task PumpAsync(string deploymentId, RailwayLogType type, LogFollowOptions options, ChannelWriter<RailwayLogLine> writer, LogCursor cursor, CancellationToken cancellationToken)
    {
        await foreach (var batch in client.Logs.SubscribeAsync(deploymentId, type, options.Tail ?? DefaultTail, options.Filter, cancellationToken).ConfigureAwait(false))
        {
            Write(batch, writer, cursor);
        }
    }

    private async Task PollAsync(string deploymentId, RailwayLogType type, LogFollowOptions options, ChannelWriter<RailwayLogLine> writer, LogCursor cursor, Task finished, CancellationToken cancellationToken)
    {
        var interval = InitialPollInterval;
        while (!finished.IsCompleted)
        {
            var written = await ReadAsync(deploymentId, type, options, writer, cursor, cursor.Last is null ? options.Tail ?? DefaultTail : FinalReadLimit, cancellationToken).ConfigureAwait(false);
            interval = written > 0 ? InitialPollInterval : TimeSpan.FromTicks(Math.Min(options.MaxPollInterval.Ticks, (long)(interval.Ticks * 1.5)));
            await Task.WhenAny(Task.Delay(interval, cancellationToken), finished).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<int> ReadAsync(string deploymentId, RailwayLogType type, LogFollowOptions options, ChannelWriter<RailwayLogLine> writer, LogCursor cursor, int limit, CancellationToken cancellationToken)
    {
        var query = new LogQuery { Limit = limit, Filter = options.Filter, StartDate = cursor.ResumeAt, EndDate = options.Until };
        var lines = await client.Logs.GetAsync(deploymentId, type, query, cancellationToken).ConfigureAwait(false);
        return Write(lines, writer, cursor);
    }

    private static int Write(IEnumerable<RailwayLogLine> lines, ChannelWriter<RailwayLogLine> writer, LogCursor cursor)
    {
        var written = 0;
        foreach (var line in lines)
        {
            if (cursor.Accept(line) && writer.TryWrite(line))
            {
                written++;
            }
        }

        return written;
    }
}
