using RailwayOps.Emulator.Deploy;
using Xunit;

namespace RailwayOps.Emulator.Tests;

public sealed class DeployLogTests
{
    [Fact]
    public void A_json_log_line_gives_its_message_level_and_attributes()
    {
        var (message, level, attributes) = DeploymentLogWriter.Normalise(
            """{"msg":"request served","level":"WARNING","path":"/api/health","status":200}""", "info");

        Assert.Equal("request served", message);
        Assert.Equal("warn", level);
        Assert.Equal("/api/health", attributes["path"]);
        Assert.Equal("200", attributes["status"]);
    }

    [Theory]
    [InlineData("plain text", "error")]
    [InlineData("{not json}", "info")]
    public void Any_other_line_keeps_its_text_and_the_level_of_its_stream(string line, string streamLevel)
    {
        var (message, level, attributes) = DeploymentLogWriter.Normalise(line, streamLevel);

        Assert.Equal(line, message);
        Assert.Equal(streamLevel, level);
        Assert.Empty(attributes);
    }
}
