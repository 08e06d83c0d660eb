using RailwayOps.Core.CiRunner;
using Xunit;

namespace RailwayOps.Core.Tests.CiRunner;

public sealed class CiSummaryBuilderTests
{
    [Fact]
    public void TableCellsCannotBreakTheTable()
    {
        var markdown = new CiSummaryBuilder("Result").Fact("Commit", "fix | pipe\nand newline <b>").Build();

        Assert.Contains("| **Commit** | fix \\| pipe and newline &lt;b&gt; |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void FactsWithoutAValueAreLeftOut()
    {
        var markdown = new CiSummaryBuilder("Result").Fact("Empty", null).Fact("Blank", " ").Build();

        Assert.DoesNotContain("Empty", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("|---|", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void AFenceIsLongerThanAnyBacktickRunInTheLog()
    {
        var markdown = new CiSummaryBuilder("Result").Details("log", new[] { "```", "code ````` here" }).Build();

        Assert.Contains("``````text", markdown, StringComparison.Ordinal);
        Assert.EndsWith("``````\n\n</details>\n\n", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyDetailsWriteNothing() =>
        Assert.DoesNotContain("<details>", new CiSummaryBuilder("Result").Details("log", Array.Empty<string>()).Build(), StringComparison.Ordinal);

    [Theory]
    [InlineData(0.04, "0.0 s")]
    [InlineData(59.94, "59.9 s")]
    [InlineData(61, "1 min 01 s")]
    [InlineData(3725, "62 min 05 s")]
    public void DurationsReadNaturally(double seconds, string expected) =>
        Assert.Equal(expected, CiSummaryBuilder.Duration(TimeSpan.FromSeconds(seconds)));
}
