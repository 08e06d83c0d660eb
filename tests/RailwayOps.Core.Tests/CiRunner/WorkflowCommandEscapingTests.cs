using RailwayOps.Core.CiRunner;
using Xunit;

namespace RailwayOps.Core.Tests.CiRunner;

public sealed class WorkflowCommandEscapingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("50% done", "50%25 done")]
    [InlineData("line1\r\nline2", "line1%0D%0Aline2")]
    [InlineData("literal %0A stays", "literal %250A stays")]
    [InlineData("a: b, c", "a: b, c")]
    public void GitHubDataEscapesPercentAndLineBreaks(string input, string expected) =>
        Assert.Equal(expected, WorkflowCommandEscaping.GitHubData(input));

    [Theory]
    [InlineData("Wait: failed, twice", "Wait%3A failed%2C twice")]
    [InlineData("100%\n", "100%25%0A")]
    public void GitHubPropertyAlsoEscapesColonAndComma(string input, string expected) =>
        Assert.Equal(expected, WorkflowCommandEscaping.GitHubProperty(input));

    [Theory]
    [InlineData("50% done", "50%AZP25 done")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("x;y]z", "x;y]z")]
    public void AzureDataEscapesPercentAndLineBreaks(string input, string expected) =>
        Assert.Equal(expected, WorkflowCommandEscaping.AzureData(input));

    [Fact]
    public void AzurePropertyAlsoEscapesSemicolonAndBracket() =>
        Assert.Equal("x%3By%5Dz%AZP25", WorkflowCommandEscaping.AzureProperty("x;y]z%"));

    [Fact]
    public void AzureInertLineBreaksUpLoggingCommands()
    {
        var line = WorkflowCommandEscaping.AzureInertLine("app says ##vso[task.setvariable variable=x]1 and ##[group]y");

        Assert.DoesNotContain("##vso[", line, StringComparison.Ordinal);
        Assert.DoesNotContain("##[", line, StringComparison.Ordinal);
        Assert.Equal("app says ##vso[task.setvariable variable=x]1 and ##[group]y", line.Replace("\u200B", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void NullAndEmptyBecomeEmpty()
    {
        Assert.Equal(string.Empty, WorkflowCommandEscaping.GitHubData(null));
        Assert.Equal(string.Empty, WorkflowCommandEscaping.AzureData(string.Empty));
    }
}
