using RailwayOps.Core.CiRunner;
using RailwayOps.Core.Secrets;
using RailwayOps.Core.Tests.Support;
using Xunit;

namespace RailwayOps.Core.Tests.CiRunner;

public sealed class CiRunnerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("railwayops-ci-").FullName;
    private readonly List<string> lines = new();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", CiRunnerKind.GitHubActions)]
    [InlineData("GITHUB_ACTIONS", "True", CiRunnerKind.GitHubActions)]
    [InlineData("GITHUB_ACTIONS", "false", CiRunnerKind.None)]
    [InlineData("GITHUB_ACTIONS", "", CiRunnerKind.None)]
    [InlineData("TF_BUILD", "True", CiRunnerKind.AzurePipelines)]
    [InlineData("TF_BUILD", "true", CiRunnerKind.AzurePipelines)]
    [InlineData("TF_BUILD", "1", CiRunnerKind.None)]
    [InlineData("CI", "true", CiRunnerKind.None)]
    public void DetectsTheRunnerFromItsVariable(string name, string value, CiRunnerKind expected)
    {
        var environment = new FakeEnvironment().With(name, value);

        Assert.Equal(expected, CiRunnerWriter.DetectKind(environment));
        Assert.Equal(expected == CiRunnerKind.None, CiRunnerWriter.Detect(environment, lines.Add) is null);
    }

    [Fact]
    public void GitHubMasksEachLineOfAValueEscaped()
    {
        var runner = GitHub();

        runner.Mask("first%line\r\nsecond");

        Assert.Equal(new[] { "::add-mask::first%25line", "::add-mask::second" }, lines);
    }

    [Fact]
    public void GitHubErrorEscapesTitleAndMessage()
    {
        GitHub().Error("Invoke-Cpwtr: Wait, failed", "line 1\nline 2 at 100%");

        Assert.Equal("::error title=Invoke-Cpwtr%3A Wait%2C failed::line 1%0Aline 2 at 100%25", Assert.Single(lines));
    }

    [Fact]
    public void GitHubGroupStopsCommandsInsideTheTail()
    {
        GitHub().Group("Deploy log", new[] { "booting", "::add-mask::oops", "::error::fake" });

        Assert.Equal("::group::Deploy log", lines[0]);
        Assert.StartsWith("::stop-commands::railwayops-", lines[1], StringComparison.Ordinal);
        var token = lines[1]["::stop-commands::".Length..];
        Assert.Equal(new[] { "booting", "::add-mask::oops", "::error::fake" }, lines.Skip(2).Take(3));
        Assert.Equal($"::{token}::", lines[5]);
        Assert.Equal("::endgroup::", lines[6]);
        Assert.Equal(7, lines.Count);
    }

    [Fact]
    public void GitHubAppendsEachSummaryToTheStepSummaryFile()
    {
        var summary = Path.Combine(folder, "step_summary.md");
        File.WriteAllText(summary, "earlier step\n");
        var runner = GitHub(summary);

        runner.AppendSummary("### one");
        runner.AppendSummary("### two\n");

        Assert.Equal("earlier step\n### one\n### two\n", File.ReadAllText(summary));
        Assert.Empty(lines);
    }

    [Fact]
    public void GitHubWithoutAStepSummaryFileWritesNoSummary()
    {
        var runner = GitHub(summaryPath: null);

        runner.AppendSummary("### nothing to see");

        Assert.Empty(lines);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void AzureUsesItsLoggingCommands()
    {
        var runner = Azure();

        runner.Mask("s3cret;value");
        runner.Error("Wait-RailwayDeployment: Failed", "deployment d1 failed\nsee logs");
        runner.Group("Build log", new[] { "step 1", "##vso[task.complete result=Succeeded]" });

        Assert.Equal("##vso[task.setsecret]s3cret;value", lines[0]);
        Assert.Equal("##vso[task.logissue type=error]Wait-RailwayDeployment: Failed: deployment d1 failed%0Asee logs", lines[1]);
        Assert.Equal("##[group]Build log", lines[2]);
        Assert.Equal("step 1", lines[3]);
        Assert.DoesNotContain("##vso[", lines[4], StringComparison.Ordinal);
        Assert.Equal("##[endgroup]", lines[5]);
    }

    [Fact]
    public void AzureUploadsTheSummaryFromTheAgentTempFolder()
    {
        var runner = Azure();

        runner.AppendSummary("### released");

        var command = Assert.Single(lines);
        Assert.StartsWith("##vso[task.uploadsummary]", command, StringComparison.Ordinal);
        var path = command["##vso[task.uploadsummary]".Length..];
        Assert.Equal(folder, Path.GetDirectoryName(path));
        Assert.Equal("### released", File.ReadAllText(path));
    }

    [Fact]
    public void RedactsRegisteredSecretsEverywhereButInTheMaskCommand()
    {
        var redactor = new Redactor();
        redactor.Register("tok-123456");
        var summary = Path.Combine(folder, "summary.md");
        var runner = new GitHubActionsRunner(new FakeEnvironment().With("GITHUB_ACTIONS", "true").With("GITHUB_STEP_SUMMARY", summary), lines.Add, redactor);

        runner.Mask("tok-123456");
        runner.Error("token tok-123456", "sent tok-123456");
        runner.Group("log", new[] { "Authorization: tok-123456" });
        runner.AppendSummary("token tok-123456");

        Assert.Equal("::add-mask::tok-123456", lines[0]);
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains("tok-123456", StringComparison.Ordinal));
        Assert.DoesNotContain("tok-123456", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    private GitHubActionsRunner GitHub(string? summaryPath = "unset")
    {
        var environment = new FakeEnvironment().With("GITHUB_ACTIONS", "true");
        if (summaryPath is not null)
        {
            environment.With("GITHUB_STEP_SUMMARY", summaryPath == "unset" ? Path.Combine(folder, "summary.md") : summaryPath);
        }

        return new GitHubActionsRunner(environment, lines.Add, new Redactor());
    }

    private AzurePipelinesRunner Azure() =>
        new(new FakeEnvironment().With("TF_BUILD", "True").With("AGENT_TEMPDIRECTORY", folder), lines.Add, new Redactor());
}
