using RailwayOps.Core.Resilience;
using Xunit;

namespace RailwayOps.Core.Tests.Resilience;

public sealed class DeadlineTests
{
    [Fact]
    public void ItsTokenFiresWhenTheBudgetIsSpent()
    {
        using var deadline = Deadline.After(TimeSpan.FromMilliseconds(200));

        Assert.True(deadline.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the token never fired");
        Assert.True(deadline.HasPassed);
        Assert.Equal(TimeSpan.Zero, deadline.Remaining);
    }

    [Theory]
    [InlineData(5_000_000.0)]
    [InlineData(2_147_483_647.0)]
    [InlineData(9e11)]
    public void ABudgetBeyondWhatATimerTakesIsKeptWhole(double seconds)
    {
        // CancelAfter and Task.Delay throw beyond 49.7 days; the deadline re-arms its timer instead.
        using var deadline = Deadline.After(TimeSpan.FromSeconds(seconds));

        var token = deadline.Token;

        Assert.False(token.IsCancellationRequested);
        Assert.True(deadline.Remaining > Deadline.MaxTimerSpan);
        Assert.True(deadline.IsLimited);
    }

    [Fact]
    public void TheLongestSpanIsAcceptedToo()
    {
        using var deadline = Deadline.After(TimeSpan.MaxValue);

        Assert.False(deadline.Token.IsCancellationRequested);
        Assert.Equal(DateTimeOffset.MaxValue, deadline.At);
    }

    [Fact]
    public void NoneNeverFires()
    {
        Assert.False(Deadline.None.IsLimited);
        Assert.False(Deadline.None.Token.CanBeCanceled);
        Assert.Equal(TimeSpan.MaxValue, Deadline.None.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(3), Deadline.None.Clip(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void WithinTakesTheEarlierOfTheTwo()
    {
        using var outer = Deadline.After(TimeSpan.FromMilliseconds(200));
        using var inner = outer.Within(TimeSpan.FromHours(1));

        Assert.Equal(outer.At, inner.At);
        Assert.True(inner.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the outer deadline did not end the inner one");

        using var none = Deadline.None.Within(TimeSpan.FromMinutes(1));
        Assert.True(none.IsLimited);
        Assert.Equal(TimeSpan.FromMinutes(1), none.Budget);
        using var unlimited = Deadline.None.Within(TimeSpan.Zero);
        Assert.False(unlimited.IsLimited);
    }

    [Fact]
    public void ClipCutsASpanToWhatIsLeft()
    {
        using var deadline = Deadline.After(TimeSpan.FromSeconds(5));

        Assert.True(deadline.Clip(TimeSpan.FromSeconds(90)) <= TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(1), deadline.Clip(TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(-5.0, 0.0)]
    [InlineData(10.0, 10.0)]
    [InlineData(1e10, 4294967.294)]
    public void ClampTimerKeepsSpansInsideTheTimerRange(double seconds, double expected)
    {
        Assert.Equal(TimeSpan.FromSeconds(expected), Deadline.ClampTimer(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void ANegativeBudgetIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadline.After(TimeSpan.FromSeconds(-1)));
    }
}
