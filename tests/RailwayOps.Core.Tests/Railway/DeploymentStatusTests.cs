using Xunit;

namespace RailwayOps.Core.Tests.Railway;

public sealed class DeploymentStatusTests
{
    [Theory]
    [InlineData("BUILDING", DeploymentStatusClass.InProgress)]
    [InlineData("CRASHED", DeploymentStatusClass.Failed)]
    [InlineData("DEPLOYING", DeploymentStatusClass.InProgress)]
    [InlineData("FAILED", DeploymentStatusClass.Failed)]
    [InlineData("INITIALIZING", DeploymentStatusClass.InProgress)]
    [InlineData("NEEDS_APPROVAL", DeploymentStatusClass.Blocked)]
    [InlineData("QUEUED", DeploymentStatusClass.InProgress)]
    [InlineData("REMOVED", DeploymentStatusClass.NotDeployed)]
    [InlineData("REMOVING", DeploymentStatusClass.InProgress)]
    [InlineData("SKIPPED", DeploymentStatusClass.NotDeployed)]
    [InlineData("SLEEPING", DeploymentStatusClass.Idle)]
    [InlineData("SUCCESS", DeploymentStatusClass.Succeeded)]
    [InlineData("WAITING", DeploymentStatusClass.InProgress)]
    public void EveryRailwayStatusParsesAndIsClassified(string wireName, DeploymentStatusClass expected)
    {
        Assert.True(DeploymentStatusInfo.TryParseWireName(wireName, out var status));
        Assert.Equal(expected, status.Classify());
        Assert.Equal(wireName, status.ToWireName());
        Assert.Equal(expected != DeploymentStatusClass.InProgress, status.IsTerminal());
    }

    [Fact]
    public void TheEnumHasExactlyRailwaysThirteenStatuses()
    {
        Assert.Equal(13, Enum.GetValues<DeploymentStatus>().Length);
    }

    [Fact]
    public void UnknownNamesDoNotParse()
    {
        Assert.False(DeploymentStatusInfo.TryParseWireName("DONE", out _));
        Assert.False(DeploymentStatusInfo.TryParseWireName(null, out _));
    }
}
