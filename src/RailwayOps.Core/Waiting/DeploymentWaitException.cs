using System.Globalization;
using System.Text;

namespace RailwayOps.Core.Waiting;

/// <summary>
/// A wait ended without the deployment going live: Failed, Crashed, Removed, Skipped, NeedsApproval
/// or NeverAppeared. The message names the deployment and shows the last few log lines; the full
/// tails are on <see cref="Outcome"/>.
/// </summary>
public sealed class DeploymentWaitException : Exception
{
    /// <summary>How many lines of each tail the message shows.</summary>
    public const int MessageTailLines = 10;

    public DeploymentWaitException(WaitOutcome outcome)
        : base(WaitOutcomeText.Describe(outcome))
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    public WaitOutcome Outcome { get; }

    public WaitOutcomeKind Kind => Outcome.Kind;

    public RailwayDeployment? Deployment => Outcome.Deployment;

    public IReadOnlyList<RailwayLogLine> BuildLogTail => Outcome.BuildLogTail;

    public IReadOnlyList<RailwayLogLine> DeployLogTail => Outcome.DeployLogTail;
}

/// <summary>The wait's deadline passed before the deployment finished (Wait-Process's convention: a TimeoutException per target).</summary>
public sealed class DeploymentWaitTimeoutException : TimeoutException
{
    public DeploymentWaitTimeoutException(WaitOutcome outcome)
        : base(WaitOutcomeText.Describe(outcome))
    {
        Outcome = outcome ?? throw new ArgumentNullException(nameof(outcome));
    }

    public WaitOutcome Outcome { get; }

    public RailwayDeployment? Deployment => Outcome.Deployment;
}

/// <summary>One-paragraph descriptions of outcomes, shared by the cmdlets and the release loop.</summary>
public static class WaitOutcomeText
{
    public static string Describe(WaitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var text = new StringBuilder();
        switch (outcome.Kind)
        {
            case WaitOutcomeKind.NeverAppeared:
                text.Append(Format(WaitMessages.NeverAppeared, What(outcome.Target), outcome.Elapsed.TotalSeconds));
                break;
            case WaitOutcomeKind.TimedOut:
                text.Append(Format(WaitMessages.TimedOut, Label(outcome), outcome.Deployment?.Status.ToWireName() ?? "none", outcome.Elapsed.TotalSeconds));
                break;
            case WaitOutcomeKind.Error:
                text.Append(outcome.Error?.Message ?? outcome.Kind.ToString());
                break;
            default:
                var deployment = outcome.Deployment;
                var commit = deployment?.CommitHash is { Length: > 0 } sha ? Format(WaitMessages.CommitSuffix, sha.Length > 7 ? sha[..7] : sha) : string.Empty;
                text.Append(Format(
                    WaitMessages.Ended,
                    deployment?.DeploymentId ?? outcome.Target.ToString(),
                    deployment is null ? "?" : $"{deployment.ServiceName ?? deployment.ServiceId}/{deployment.EnvironmentName ?? deployment.EnvironmentId}",
                    commit,
                    deployment?.Status.ToWireName() ?? outcome.Kind.ToString(),
                    outcome.Elapsed.TotalSeconds));
                break;
        }

        AppendTail(text, WaitMessages.BuildTailHeader, outcome.BuildLogTail);
        AppendTail(text, WaitMessages.DeployTailHeader, outcome.DeployLogTail);
        return text.ToString();
    }

    private static void AppendTail(StringBuilder text, string header, IReadOnlyList<RailwayLogLine> tail)
    {
        if (tail.Count == 0)
        {
            return;
        }

        var shown = Math.Min(DeploymentWaitException.MessageTailLines, tail.Count);
        text.AppendLine().Append(Format(header, shown, tail.Count));
        foreach (var line in tail.Skip(tail.Count - shown))
        {
            text.AppendLine().Append("  ").Append(line.Message);
        }
    }

    private static string Label(WaitOutcome outcome) => outcome.Deployment is { } deployment
        ? Format(WaitMessages.Label, $"{deployment.ServiceName ?? deployment.ServiceId}/{deployment.EnvironmentName ?? deployment.EnvironmentId}", deployment.DeploymentId)
        : What(outcome.Target);

    private static string What(WaitTarget target) => target switch
    {
        WaitTarget.ByCommit { Place: { } place } byCommit => Format(WaitMessages.NeverAppearedCommitPlaced, byCommit.CommitSha, place),
        WaitTarget.ByCommit byCommit => Format(WaitMessages.NeverAppearedCommit, byCommit.CommitSha, byCommit.ServiceId, byCommit.EnvironmentId),
        WaitTarget.LatestOf { Place: { } place } => place,
        WaitTarget.LatestOf latest => Format(WaitMessages.NeverAppearedService, latest.ServiceId, latest.EnvironmentId),
        _ => target.ToString(),
    };

    private static string Format(string format, params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
