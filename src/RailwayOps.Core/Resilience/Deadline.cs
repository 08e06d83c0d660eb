using System.Globalization;

namespace RailwayOps.Core.Resilience;

/// <summary>
/// The one deadline of a piece of work (a cmdlet's -TimeoutSec): a point in time every request, retry,
/// pause and wait inside that work answers to. Carried in <see cref="Railway.Transport.GraphQLTransportOptions"/>
/// so that each attempt is cut to what is left, no retry starts after it, and a wait ends with it.
/// </summary>
/// <remarks>
/// Any span is accepted: .NET timers (CancelAfter, Task.Delay) take at most <see cref="MaxTimerSpan"/>
/// (about 49.7 days) and throw beyond it, so the deadline's own timer is re-armed in steps of at most that
/// long, and every delay derived from a deadline goes through <see cref="ClampTimer"/>. That is the one numeric
/// guard for timeouts: a -TimeoutSec inside its declared range never reaches a timer it would overflow.
/// </remarks>
public sealed class Deadline : IDisposable
{
    /// <summary>The longest span a .NET timer can be set to: 4294967294 ms.</summary>
    public static readonly TimeSpan MaxTimerSpan = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeProvider time;
    private readonly Deadline? parent;
    private readonly object gate = new();
    private CancellationTokenSource? source;
    private CancellationTokenRegistration parentRegistration;
    private ITimer? timer;
    private bool disposed;

    private Deadline(TimeSpan? budget, DateTimeOffset? at, TimeProvider time, Deadline? parent)
    {
        Budget = budget;
        At = at;
        this.time = time;
        this.parent = parent;
    }

    /// <summary>No deadline: <see cref="Token"/> never fires and <see cref="Remaining"/> is <see cref="TimeSpan.MaxValue"/>.</summary>
    public static Deadline None { get; } = new(null, null, TimeProvider.System, null);

    /// <summary>A deadline <paramref name="budget"/> from now; <see cref="Timeout.InfiniteTimeSpan"/> is <see cref="None"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The budget is negative.</exception>
    public static Deadline After(TimeSpan budget, TimeProvider? timeProvider = null)
    {
        if (budget == Timeout.InfiniteTimeSpan)
        {
            return None;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(budget, TimeSpan.Zero);
        var clock = timeProvider ?? TimeProvider.System;
        return new Deadline(budget, AddSafely(clock.GetUtcNow(), budget), clock, null);
    }

    /// <summary>What the deadline was set to (null for <see cref="None"/>); the span its messages quote.</summary>
    public TimeSpan? Budget { get; }

    /// <summary>When it passes (UTC); null when there is none.</summary>
    public DateTimeOffset? At { get; }

    public bool IsLimited => At is not null;

    /// <summary>What is left (zero once passed); <see cref="TimeSpan.MaxValue"/> when there is no deadline.</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (At is not { } at)
            {
                return TimeSpan.MaxValue;
            }

            var left = at - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public bool HasPassed => At is { } at && time.GetUtcNow() >= at;

    /// <summary>Cancelled when the deadline passes (or its parent's does); never for <see cref="None"/>.</summary>
    public CancellationToken Token
    {
        get
        {
            if (At is null)
            {
                return CancellationToken.None;
            }

            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (source is null)
                {
                    source = new CancellationTokenSource();
                    if (parent is { IsLimited: true })
                    {
                        var own = source;
                        parentRegistration = parent.Token.UnsafeRegister(static state => Cancel((CancellationTokenSource)state!), own);
                    }

                    timer = time.CreateTimer(static state => ((Deadline)state!).Rearm(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    Rearm();
                }

                return source.Token;
            }
        }
    }

    /// <summary>
    /// The earlier of this deadline and <paramref name="budget"/> from now (a wait's own -TimeoutSec inside a
    /// cmdlet's deadline); <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> adds no limit of its own.
    /// Dispose it when the work it bounds ends.
    /// </summary>
    public Deadline Within(TimeSpan budget)
    {
        var now = time.GetUtcNow();
        var own = budget > TimeSpan.Zero ? AddSafely(now, budget) : (DateTimeOffset?)null;
        var at = (own, At) switch
        {
            ({ } mine, { } theirs) => mine < theirs ? mine : theirs,
            ({ } mine, null) => mine,
            (null, var theirs) => theirs,
        };
        var quoted = own is { } o && (At is null || o < At) ? budget : Budget;
        return new Deadline(quoted, at, time, IsLimited ? this : null);
    }

    /// <summary><paramref name="span"/>, cut to what is left of the deadline.</summary>
    public TimeSpan Clip(TimeSpan span)
    {
        var left = Remaining;
        return span == Timeout.InfiniteTimeSpan ? left : (span < left ? span : left);
    }

    /// <summary>A span a .NET timer accepts: negative becomes zero, beyond <see cref="MaxTimerSpan"/> becomes that.</summary>
    public static TimeSpan ClampTimer(TimeSpan span) =>
        span < TimeSpan.Zero ? TimeSpan.Zero : span > MaxTimerSpan ? MaxTimerSpan : span;

    /// <summary>"5 s", "10 min": the budget as messages quote it.</summary>
    public override string ToString() => Budget is { } budget ? Describe(budget) : "none";

    /// <summary>A span as messages show it: seconds below ten minutes, else minutes, hours or days.</summary>
    public static string Describe(TimeSpan span) => span.TotalSeconds switch
    {
        < 600 => string.Format(CultureInfo.InvariantCulture, "{0:0.#} s", span.TotalSeconds),
        < 7200 => string.Format(CultureInfo.InvariantCulture, "{0:0.#} min", span.TotalMinutes),
        < 172800 => string.Format(CultureInfo.InvariantCulture, "{0:0.#} h", span.TotalHours),
        _ => string.Format(CultureInfo.InvariantCulture, "{0:0.#} days", span.TotalDays),
    };

    public void Dispose()
    {
        if (At is null)
        {
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            timer?.Dispose();
            parentRegistration.Dispose();
            source?.Dispose();
        }
    }

    /// <summary>Fires the token when the deadline has passed, else sets the timer for what is left (at most <see cref="MaxTimerSpan"/>).</summary>
    private void Rearm()
    {
        CancellationTokenSource? due = null;
        lock (gate)
        {
            if (disposed || source is null || timer is null)
            {
                return;
            }

            var left = Remaining;
            if (left <= TimeSpan.Zero)
            {
                due = source;
            }
            else
            {
                // A timer may fire a little early on a coarse clock: the next callback simply re-arms for the rest.
                timer.Change(ClampTimer(left + TimeSpan.FromMilliseconds(1)), Timeout.InfiniteTimeSpan);
            }
        }

        // Outside the lock: the token's callbacks (a request being aborted) must not run under it.
        if (due is not null)
        {
            Cancel(due);
        }
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The work it bounded has ended and disposed it.
        }
    }

    private static DateTimeOffset AddSafely(DateTimeOffset now, TimeSpan span) =>
        span >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + span;
}
