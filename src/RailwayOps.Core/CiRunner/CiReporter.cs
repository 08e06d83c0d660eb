using System.Globalization;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Health;
using RailwayOps.Core.Secrets;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Core.CiRunner;

/// <summary>
/// What the release loop and the waits tell a CI runner: a job-summary section for every result, and
/// for a failure an error annotation and the log tails in collapsible groups.
/// </summary>
public sealed class CiReporter
{
    public CiReporter(CiRunnerWriter runner)
    {
        Runner = runner ?? throw new ArgumentNullException(nameof(runner));
    }

    public CiRunnerWriter Runner { get; }

    /// <summary>A reporter for the runner the environment names, or null outside CI.</summary>
    public static CiReporter? Create(ISystemEnvironment environment, Action<string> writeLine, Redactor? redactor = null) =>
        CiRunnerWriter.Detect(environment, writeLine, redactor) is { } runner ? new CiReporter(runner) : null;

    /// <summary>Masks a value about to be revealed (Get-RailwayVariable -AsPlainText).</summary>
    public void Mask(string? value) => Runner.Mask(value);

    /// <summary>One release-loop run: summary always; on failure also ::error and the log tails.</summary>
    public void ReportRelease(ReleaseResult result, string commandName)
    {
        ArgumentNullException.ThrowIfNull(result);
        var label = DeploymentLabel(result.Service, result.Environment, result.DeploymentId);
        if (!result.Succeeded)
        {
            Runner.Error(Format(CiMessages.ReleaseFailedTitle, commandName, result.FailedStage), result.Reason ?? result.ToString());
            GroupTails(label, result.BuildLogTail, result.DeployLogTail);
        }

        var heading = result.Outcome switch
        {
            ReleaseRunOutcome.AlreadyLive => Format(CiMessages.ReleaseAlreadyLiveHeading, commandName, result.Version, result.Environment),
            ReleaseRunOutcome.NothingDeployed => Format(CiMessages.ReleaseNothingDeployedHeading, commandName, result.Environment),
            _ when result.Succeeded => Format(CiMessages.ReleaseSucceededHeading, commandName, result.Version, result.Environment),
            _ => Format(CiMessages.ReleaseFailedHeading, commandName, result.FailedStage),
        };
        var summary = new CiSummaryBuilder(heading)
            .Fact(CiMessages.Reason, result.Succeeded ? null : result.Reason)
            .Fact(CiMessages.Version, result.PreviousVersion is { Length: > 0 } previous && previous != result.Version
                ? Format(CiMessages.VersionChange, previous, result.Version)
                : result.Version)
            .Fact(CiMessages.Commit, ShortSha(result.Commit))
            .Fact(CiMessages.Branch, result.Branch)
            .Fact(CiMessages.Environment, result.Environment)
            .Fact(CiMessages.Service, result.Service)
            .Fact(CiMessages.Deployment, result.DeploymentId)
            .Fact(CiMessages.Url, result.Url?.ToString())
            .Fact(CiMessages.Health, DescribeHealth(result.Health))
            .Fact(CiMessages.Stability, result.Stability?.ToString())
            .Fact(CiMessages.Deployments, result.Deployments.Count > 1 ? string.Join("; ", result.Deployments) : null)
            .Fact(CiMessages.Rollback, result.Rollback?.Detail)
            .Fact(CiMessages.Duration, CiSummaryBuilder.Duration(result.Duration))
            .Table(
                new[] { CiMessages.Stage, CiMessages.Outcome, CiMessages.Duration, CiMessages.Detail },
                result.Stages.Select(s => (IReadOnlyList<string?>)new[] { s.Name.ToString(), s.Outcome.ToString(), CiSummaryBuilder.Duration(s.Duration), s.Detail }));
        AddTails(summary, label, result.BuildLogTail, result.DeployLogTail);
        summary.Command(CiMessages.NextCommand, result.NextCommand);
        Runner.AppendSummary(summary.Build());
    }

    /// <summary>
    /// One awaited deployment: a summary always; when it did not end as the caller wanted, also ::error
    /// (the outcome's first line) and the log tails. <paramref name="succeeded"/> is the caller's verdict:
    /// REMOVED is success for Remove-RailwayDeployment -Wait.
    /// </summary>
    public void ReportWait(WaitOutcome outcome, bool succeeded, string commandName)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var deployment = outcome.Deployment;
        var label = DeploymentLabel(deployment?.ServiceName ?? deployment?.ServiceId, deployment?.EnvironmentName ?? deployment?.EnvironmentId, deployment?.DeploymentId);
        var status = deployment?.Status.ToWireName() ?? outcome.Kind.ToString();
        if (!succeeded)
        {
            var description = WaitOutcomeText.Describe(outcome);
            var firstLine = description.Split('\n', 2)[0].TrimEnd('\r');
            Runner.Error(Format(CiMessages.WaitFailedTitle, commandName, outcome.Kind), firstLine);
            GroupTails(label, outcome.BuildLogTail, outcome.DeployLogTail);
        }

        var heading = succeeded
            ? Format(CiMessages.WaitSucceededHeading, commandName, label, status)
            : Format(CiMessages.WaitFailedHeading, commandName, label, outcome.Kind);
        var summary = new CiSummaryBuilder(heading)
            .Fact(CiMessages.Status, status)
            .Fact(CiMessages.Deployment, deployment?.DeploymentId)
            .Fact(CiMessages.Service, deployment?.ServiceName ?? deployment?.ServiceId)
            .Fact(CiMessages.Environment, deployment?.EnvironmentName ?? deployment?.EnvironmentId)
            .Fact(CiMessages.Commit, ShortSha(deployment?.CommitHash))
            .Fact(CiMessages.Url, (deployment?.StaticUrl ?? deployment?.Url)?.ToString())
            .Fact(CiMessages.Duration, CiSummaryBuilder.Duration(outcome.Elapsed));
        AddTails(summary, label, outcome.BuildLogTail, outcome.DeployLogTail);
        Runner.AppendSummary(summary.Build());
    }

    private void GroupTails(string label, IReadOnlyList<RailwayLogLine> build, IReadOnlyList<RailwayLogLine> deploy)
    {
        if (build.Count > 0)
        {
            Runner.Group(Format(CiMessages.BuildLogTail, label, build.Count), build.Select(l => l.Message));
        }

        if (deploy.Count > 0)
        {
            Runner.Group(Format(CiMessages.DeployLogTail, label, deploy.Count), deploy.Select(l => l.Message));
        }
    }

    private static void AddTails(CiSummaryBuilder summary, string label, IReadOnlyList<RailwayLogLine> build, IReadOnlyList<RailwayLogLine> deploy)
    {
        summary.Details(Format(CiMessages.BuildLogTail, label, build.Count), build.Select(l => l.Message).ToList());
        summary.Details(Format(CiMessages.DeployLogTail, label, deploy.Count), deploy.Select(l => l.Message).ToList());
    }

    private static string DeploymentLabel(string? service, string? environment, string? deploymentId) =>
        service is not null || environment is not null
            ? $"{service ?? "?"}/{environment ?? "?"}"
            : deploymentId ?? "the deployment";

    private static string? DescribeHealth(HealthCheckResult? health) => health is null
        ? null
        : Format(health.Healthy ? CiMessages.HealthHealthy : CiMessages.HealthUnhealthy, health.Uri, health.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-", health.Version ?? "-", health.Attempts);

    private static string? ShortSha(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha;

    private static string Format(string format, params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
