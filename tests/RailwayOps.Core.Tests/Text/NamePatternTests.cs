using RailwayOps.Core.Text;
using Xunit;

namespace RailwayOps.Core.Tests.Text;

public sealed class NamePatternTests
{
    [Theory]
    [InlineData("API_KEY", "API_KEY", true)]
    [InlineData("api_key", "API_KEY", false)]
    [InlineData("GREE\0TING", "GREETING", false)]
    [InlineData("GREETING\u200B", "GREETING", false)]
    [InlineData("GREETING", "GREETING\u200B", false)]
    [InlineData("\u00C5", "A\u030A", false)]
    public void ALiteralNameMatchesExactlyAndCaseSensitively(string pattern, string candidate, bool expected)
    {
        var name = NamePattern.CaseSensitive(pattern);

        Assert.False(name.IsWildcard);
        Assert.Equal(expected, name.IsMatch(candidate));
    }

    [Theory]
    [InlineData("API_*", "API_KEY", true)]
    [InlineData("api_*", "API_KEY", false)]
    [InlineData("GREE\0TIN*", "GREETING", false)]
    [InlineData("GREE*\u200B", "GREETING", false)]
    [InlineData("GREETIN?", "GREETING", true)]
    [InlineData("GREETIN?", "GREETIN", false)]
    [InlineData("[AB]_X", "B_X", true)]
    [InlineData("[A-C]_X", "C_X", true)]
    [InlineData("[A-C]_X", "c_X", false)]
    [InlineData("*", "", true)]
    [InlineData("A.*", "AB", false)]
    [InlineData("A.*", "A.B", true)]
    public void AWildcardMatchesOrdinallyCharacterByCharacter(string pattern, string candidate, bool expected)
    {
        var name = NamePattern.CaseSensitive(pattern);

        Assert.True(name.IsWildcard);
        Assert.Equal(expected, name.IsMatch(candidate));
    }

    [Theory]
    [InlineData("A`*", "A*", true)]
    [InlineData("A`*", "AB", false)]
    [InlineData("``", "`", true)]
    [InlineData("A`[1]", "A[1]", true)]
    public void ABacktickMakesTheNextCharacterLiteral(string pattern, string candidate, bool expected)
    {
        var name = NamePattern.CaseSensitive(pattern);

        Assert.False(name.IsWildcard);
        Assert.Equal(expected, name.IsMatch(candidate));
    }

    [Theory]
    [InlineData("DEMO", "demo", true)]
    [InlineData("DEM*", "demo", true)]
    [InlineData("de\0mo", "demo", false)]
    [InlineData("demo\u200B", "demo", false)]
    [InlineData("d?mo", "DEMO", true)]
    public void IgnoringCaseIgnoresLetterCaseOnly(string pattern, string candidate, bool expected)
    {
        Assert.Equal(expected, NamePattern.IgnoringCase(pattern).IsMatch(candidate));
    }

    [Fact]
    public void AnUnclosedBracketIsALiteral()
    {
        var name = NamePattern.CaseSensitive("A[B");

        Assert.True(name.IsWildcard);
        Assert.True(name.IsMatch("A[B"));
        Assert.False(name.IsMatch("AB"));
    }
}
