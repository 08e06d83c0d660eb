using RailwayOps.Core.Versioning;
using Xunit;

namespace RailwayOps.Core.Tests.Versioning;

public class SemanticVersionTests
{
    [Theory]
    [InlineData("0.0.0")]
    [InlineData("1.2.3")]
    [InlineData("10.20.30")]
    [InlineData("1.0.0-alpha")]
    [InlineData("1.0.0-alpha.1")]
    [InlineData("1.0.0-0.3.7")]
    [InlineData("1.0.0-x.7.z.92")]
    [InlineData("1.0.0-x-y-z.--")]
    [InlineData("1.0.0+20130313144700")]
    [InlineData("1.0.0-beta+exp.sha.5114f85")]
    [InlineData("1.0.0+21AF26D3----117B344092BD")]
    public void Parse_AcceptsSemVer_AndFormatsItBackUnchanged(string text)
    {
        Assert.Equal(text, SemanticVersion.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.03")]
    [InlineData("v1.2.3")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3 ")]
    [InlineData("1.2.3\n")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-alpha..1")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-alpha_beta")]
    [InlineData("1.2.٣")]
    [InlineData("99999999999999999999.0.0")]
    public void Parse_RejectsInvalidText_WithInvalidVersionException(string text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
        var error = Assert.Throws<InvalidVersionException>(() => SemanticVersion.Parse(text));
        Assert.Equal(text, error.Text);
    }

    [Fact]
    public void Compare_FollowsSemVerPrecedence()
    {
        string[] ascending =
        [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0",
        ];
        for (var i = 1; i < ascending.Length; i++)
        {
            var lower = SemanticVersion.Parse(ascending[i - 1]);
            var higher = SemanticVersion.Parse(ascending[i]);
            Assert.True(lower < higher, $"{lower} < {higher}");
            Assert.True(higher > lower, $"{higher} > {lower}");
        }
    }

    [Fact]
    public void Compare_IgnoresBuildMetadata()
    {
        var left = SemanticVersion.Parse("1.2.3+build.1");
        var right = SemanticVersion.Parse("1.2.3+build.2");
        Assert.Equal(0, left.CompareTo(right));
        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Compare_NumericPrereleaseIdentifiersOfAnySize()
    {
        Assert.True(SemanticVersion.Parse("1.0.0-rc.99999999999999999999") > SemanticVersion.Parse("1.0.0-rc.9"));
    }

    [Theory]
    [InlineData("1.2.3", VersionPart.Patch, "1.2.4")]
    [InlineData("1.2.3", VersionPart.Minor, "1.3.0")]
    [InlineData("1.2.3", VersionPart.Major, "2.0.0")]
    [InlineData("1.2.3-rc.1", VersionPart.Patch, "1.2.3")]
    [InlineData("1.2.3-rc.1", VersionPart.Minor, "1.3.0")]
    [InlineData("1.2.3-rc.1", VersionPart.Major, "2.0.0")]
    [InlineData("1.2.0-rc.1", VersionPart.Patch, "1.2.0")]
    [InlineData("1.2.0-rc.1", VersionPart.Minor, "1.2.0")]
    [InlineData("1.2.0-rc.1", VersionPart.Major, "2.0.0")]
    [InlineData("2.0.0-beta", VersionPart.Patch, "2.0.0")]
    [InlineData("2.0.0-beta", VersionPart.Minor, "2.0.0")]
    [InlineData("2.0.0-beta", VersionPart.Major, "2.0.0")]
    [InlineData("0.1.9+build.7", VersionPart.Patch, "0.1.10")]
    [InlineData("0.9.0", VersionPart.Minor, "0.10.0")]
    public void Bump_FollowsNpmSemverIncrementRules(string current, VersionPart part, string expected)
    {
        Assert.Equal(expected, SemanticVersion.Parse(current).Bump(part).ToString());
    }
}
