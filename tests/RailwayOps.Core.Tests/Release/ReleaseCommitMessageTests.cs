using RailwayOps.Core.Release;
using RailwayOps.Core.Versioning;
using Xunit;

namespace RailwayOps.Core.Tests.Release;

public sealed class ReleaseCommitMessageTests
{
    [Fact]
    public void Formats_the_CPWTR_message()
    {
        Assert.Equal("Add feature X - bump to v0.2.1", ReleaseCommitMessage.Format("  Add feature X ", SemanticVersion.Parse("0.2.1")));
    }

    [Fact]
    public void An_empty_change_gets_a_default_description()
    {
        Assert.Equal("Release - bump to v1.0.0", ReleaseCommitMessage.Format(" ", SemanticVersion.Parse("1.0.0")));
    }

    [Theory]
    [InlineData("Add feature X - bump to v0.2.1", "Add feature X", "0.2.1")]
    [InlineData("Fix a - b - bump to v1.0.0-rc.1", "Fix a - b", "1.0.0-rc.1")]
    [InlineData("Cache - bump to v2.3.4\n\nLonger body - bump to v9.9.9", "Cache", "2.3.4")]
    [InlineData("Windows line end - bump to v0.0.1\r\n", "Windows line end", "0.0.1")]
    public void Reads_the_change_and_version_from_the_subject(string message, string change, string version)
    {
        Assert.True(ReleaseCommitMessage.TryParse(message, out var parsedChange, out var parsedVersion));
        Assert.Equal(change, parsedChange);
        Assert.Equal(SemanticVersion.Parse(version), parsedVersion);
    }

    [Theory]
    [InlineData("Add feature X")]
    [InlineData("Add feature X - bump to 0.2.1")]
    [InlineData("Add feature X - bump to vnext")]
    [InlineData("Body only\n\nsomething - bump to v1.2.3")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_release_commit(string? message)
    {
        Assert.False(ReleaseCommitMessage.TryParse(message, out _, out _));
    }

    [Fact]
    public void Round_trips()
    {
        var version = SemanticVersion.Parse("3.2.1-beta.4");
        Assert.True(ReleaseCommitMessage.TryParse(ReleaseCommitMessage.Format("Ship it", version), out var change, out var parsed));
        Assert.Equal(("Ship it", version), (change, parsed));
    }
}
