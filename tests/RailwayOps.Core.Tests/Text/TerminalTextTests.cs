using RailwayOps.Core.Text;
using Xunit;

namespace RailwayOps.Core.Tests.Text;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("demo", "demo")]
    [InlineData("red\u001b[31m", "red`u{1B}[31m")]
    [InlineData("bell\a", "bell`u{7}")]
    [InlineData("two\nlines", "two`u{A}lines")]
    [InlineData("zero\u200bwidth", "zero`u{200B}width")]
    [InlineData("rtl\u202eexe.txt", "rtl`u{202E}exe.txt")]
    [InlineData("csi\u009b31m", "csi`u{9B}31m")]
    [InlineData("caf\u00e9 \u65e5\u672c", "caf\u00e9 \u65e5\u672c")]
    public void ANameShowsEveryControlAndInvisibleCharacter(string name, string expected)
    {
        Assert.Equal(expected, TerminalText.Name(name));
    }

    [Fact]
    public void AMessageKeepsItsOwnLayoutButNoEscapeSequence()
    {
        var message = TerminalText.Message("line one\r\n\tline two \u001b]0;title\u0007 \u202e");

        Assert.Equal("line one\r\n\tline two `u{1B}]0;title`u{7} `u{202E}", message);
    }

    [Fact]
    public void AListIsCappedAndEscaped()
    {
        Assert.Equal("none", TerminalText.List(Array.Empty<string>()));
        Assert.Equal("a, b`u{1B}", TerminalText.List(new[] { "a", "b\u001b", "a" }));
        Assert.Equal("n0, n1 and 3 more", TerminalText.List(Enumerable.Range(0, 5).Select(i => $"n{i}"), limit: 2));
    }
}
