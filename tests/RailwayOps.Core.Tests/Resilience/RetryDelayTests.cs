using RailwayOps.Core.Resilience;
using Xunit;

namespace RailwayOps.Core.Tests.Resilience;

public sealed class RetryDelayTests
{
    private static readonly RetryOptions Options = new() { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(0, 1.0)]
    [InlineData(3, 0.5)]
    public void NeverShorterThanRetryAfter(int attempt, double jitter)
    {
        var delay = RetryDelay.Compute(Options, attempt, TimeSpan.FromSeconds(12), jitter);

        // Strictly beyond it: a timer on a coarse clock may end a few milliseconds early.
        Assert.True(delay >= TimeSpan.FromSeconds(12) + RetryDelay.RetryAfterMargin);
    }

    [Fact]
    public void GrowsExponentiallyWithinTheJitterBand()
    {
        var first = RetryDelay.Compute(Options, 0, null, 0.5);
        var third = RetryDelay.Compute(Options, 2, null, 0.5);

        Assert.Equal(TimeSpan.FromSeconds(1), first);
        Assert.Equal(TimeSpan.FromSeconds(4), third);
        Assert.InRange(RetryDelay.Compute(Options, 1, null, 0).TotalSeconds, 1.6, 1.6001);
        Assert.InRange(RetryDelay.Compute(Options, 1, null, 1).TotalSeconds, 2.4, 2.4001);
    }

    [Fact]
    public void IsCappedAtTheMaximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryDelay.Compute(Options, 10, null, 1));
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("0", 0)]
    [InlineData("2.5", 2.5)]
    public void ParsesDeltaSeconds(string header, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryDelay.Parse(header, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void ParsesAnHttpDate()
    {
        var now = new DateTimeOffset(2026, 11, 27, 5, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(90), RetryDelay.Parse("Fri, 27 Nov 2026 05:01:30 GMT", now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void IgnoresAbsentOrUnreadableValues(string? header)
    {
        Assert.Null(RetryDelay.Parse(header, DateTimeOffset.UtcNow));
    }
}

public sealed class RetryAfterGuardTests
{
    [Theory]
    [InlineData("1e300")]
    [InlineData("Infinity")]
    [InlineData("99999999999999999999")]
    public void ARetryAfterNoTimerCanWaitIsCapped(string header)
    {
        Assert.Equal(RetryDelay.MaxRetryAfter, RetryDelay.Parse(header, DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-NaN")]
    public void ANotANumberRetryAfterIsUnreadable(string header)
    {
        Assert.Null(RetryDelay.Parse(header, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void ADateCenturiesAwayIsCapped()
    {
        Assert.Equal(RetryDelay.MaxRetryAfter, RetryDelay.Parse("Fri, 31 Dec 9999 23:59:59 GMT", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void ComputeTakesAnyRetryAfterWithoutOverflowing()
    {
        var delay = RetryDelay.Compute(new RetryOptions(), 0, TimeSpan.MaxValue, double.NaN);

        Assert.True(delay <= Deadline.MaxTimerSpan + RetryDelay.RetryAfterMargin);
    }
}
