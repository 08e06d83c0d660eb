using RailwayOps.Core.CiRunner;
using RailwayOps.Core.Secrets;
using RailwayOps.Core.Tests.Support;
using RailwayOps.Core.Waiting;
using Xunit;

namespace RailwayOps.Core.Tests.CiRunner;

public sealed class CiReporterTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("railwayops-ci-").FullName;
    private readonly List<string> lines = new();
    private readonly string summaryPath;
    private readonly CiReporter reporter;

    public CiReporterTests()
    {
        summaryPath = Path.Combine(folder, "summary.md");
        var environment = new FakeEnvironment().With("GITHUB_ACTIONS", "true").With("GITHUB_STEP_SUMMARY", summaryPath);
        reporter = new CiReporter(new GitHubActionsRunner(environment, lines.Add, new Redactor()));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ASuccessfulReleaseWritesOnlyTheSummary()
    {
        reporter.ReportRelease(Release(succeeded: true), "Invoke-Cpwtr");

        Assert.Empty(lines);
        var summary = File.ReadAllText(summaryPath);
        Assert.Contains("### ✅ Invoke-Cpwtr: v0.1.2 is live in production", summary, StringComparison.Ordinal);
        Assert.Contains("| **Version** | 0.1.1 → 0.1.2 |", summary, StringComparison.Ordinal);
        Assert.Contains("| **Commit** | 0123456 |", summary, StringComparison.Ordinal);
        Assert.Contains("| **URL** | http://127.0.0.1:5000/ |", summary, StringComparison.Ordinal);
        Assert.Contains("| **Duration** | 1 min 05 s |", summary, StringComparison.Ordinal);
        Assert.Contains("| Wait | Succeeded | 42.0 s | d-1 SUCCESS |", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("<details>", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedReleaseAnnotatesGroupsTheTailsAndSummarisesThem()
    {
        reporter.ReportRelease(Release(succeeded: false), "Invoke-Cpwtr");

        Assert.Equal("::error title=Invoke-Cpwtr%3A Wait failed::deployment d-1 FAILED%0Ahealth check timed out", lines[0]);
        Assert.Equal("::group::Build log of web/production (last 1 lines)", lines[1]);
        Assert.Contains("compiling", lines);
        Assert.Contains("::group::Deploy log of web/production (last 2 lines)", lines);
        Assert.Contains("Traceback: boom | bad", lines);
        Assert.Equal("::endgroup::", lines[^1]);

        var summary = File.ReadAllText(summaryPath);
        Assert.Contains("### ❌ Invoke-Cpwtr: the Wait stage failed", summary, StringComparison.Ordinal);
        Assert.Contains("| **Reason** | deployment d-1 FAILED health check timed out |", summary, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Deploy log of web/production (last 2 lines)</summary>", summary, StringComparison.Ordinal);
        Assert.Contains("Traceback: boom | bad", summary, StringComparison.Ordinal);
        Assert.Contains("Next: `Invoke-Cpwtr -Message 'fix'`", summary, StringComparison.Ordinal);
        Assert.Contains("| Test | Skipped | 0.0 s |  |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ASuccessfulWaitWritesOnlyTheSummary()
    {
        reporter.ReportWait(Wait(WaitOutcomeKind.Succeeded, DeploymentStatus.Success), succeeded: true, "Wait-RailwayDeployment");

        Assert.Empty(lines);
        var summary = File.ReadAllText(summaryPath);
        Assert.Contains("### ✅ Wait-RailwayDeployment: web/production is SUCCESS", summary, StringComparison.Ordinal);
        Assert.Contains("| **Deployment** | d-9 |", summary, StringComparison.Ordinal);
        Assert.Contains("| **Duration** | 12.5 s |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedWaitAnnotatesWithTheOutcomesFirstLineAndGroupsTheTails()
    {
        reporter.ReportWait(Wait(WaitOutcomeKind.Crashed, DeploymentStatus.Crashed), succeeded: false, "Wait-RailwayDeployment");

        Assert.StartsWith("::error title=Wait-RailwayDeployment%3A deployment Crashed::", lines[0], StringComparison.Ordinal);
        Assert.Contains("d-9", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("%0A", lines[0], StringComparison.Ordinal);
        Assert.Equal("::group::Deploy log of web/production (last 2 lines)", lines[1]);
        Assert.Contains("### ❌ Wait-RailwayDeployment: web/production ended Crashed", File.ReadAllText(summaryPath), StringComparison.Ordinal);
    }

    [Fact]
    public void AnExpectedEndIsReportedAsSuccess()
    {
        reporter.ReportWait(Wait(WaitOutcomeKind.Removed, DeploymentStatus.Removed), succeeded: true, "Remove-RailwayDeployment");

        Assert.Empty(lines);
        Assert.Contains("### ✅ Remove-RailwayDeployment: web/production is REMOVED", File.ReadAllText(summaryPath), StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideCiThereIsNoReporter() =>
        Assert.Null(CiReporter.Create(new FakeEnvironment(), lines.Add));

    private static ReleaseResult Release(bool succeeded) => new()
    {
        Version = "0.1.2",
        PreviousVersion = "0.1.1",
        Commit = "0123456789abcdef",
        Branch = "main",
        Environment = "production",
        Service = "web",
        DeploymentId = "d-1",
        Url = new Uri("http://127.0.0.1:5000/"),
        Succeeded = succeeded,
        FailedStage = succeeded ? null : ReleaseStageName.Wait,
        Reason = succeeded ? null : "deployment d-1 FAILED\nhealth check timed out",
        NextCommand = succeeded ? null : "Invoke-Cpwtr -Message 'fix'",
        BuildLogTail = succeeded ? Array.Empty<RailwayLogLine>() : new[] { Line("compiling") },
        DeployLogTail = succeeded ? Array.Empty<RailwayLogLine>() : new[] { Line("starting"), Line("Traceback: boom | bad") },
        Duration = TimeSpan.FromSeconds(65),
        Stages = new[]
        {
            new ReleaseStage { Name = ReleaseStageName.Version, Outcome = ReleaseStageOutcome.Succeeded, Duration = TimeSpan.FromSeconds(0.1), Detail = "0.1.1 → 0.1.2" },
            new ReleaseStage { Name = ReleaseStageName.Wait, Outcome = succeeded ? ReleaseStageOutcome.Succeeded : ReleaseStageOutcome.Failed, Duration = TimeSpan.FromSeconds(42), Detail = succeeded ? "d-1 SUCCESS" : "d-1 FAILED" },
            new ReleaseStage { Name = ReleaseStageName.Test, Outcome = succeeded ? ReleaseStageOutcome.Succeeded : ReleaseStageOutcome.Skipped },
        },
    };

    private static WaitOutcome Wait(WaitOutcomeKind kind, DeploymentStatus status)
    {
        var deployment = new RailwayDeployment
        {
            DeploymentId = "d-9",
            Status = status,
            ProjectId = "p",
            EnvironmentId = "e",
            EnvironmentName = "production",
            ServiceId = "s",
            ServiceName = "web",
            CommitHash = "abcdef0123",
        };
        var tail = kind == WaitOutcomeKind.Succeeded ? Array.Empty<RailwayLogLine>() : new[] { Line("listening"), Line("segfault") };
        return new WaitOutcome(new WaitTarget.ById("d-9"), kind, deployment, Array.Empty<RailwayLogLine>(), tail, TimeSpan.FromSeconds(12.5), new[] { status });
    }

    private static RailwayLogLine Line(string message) => new()
    {
        Timestamp = DateTimeOffset.UnixEpoch,
        RawTimestamp = "1970-01-01T00:00:00Z",
        Message = message,
    };
}
