using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// The base of cmdlets that wait for deployments (Wait-RailwayDeployment and every -Wait): one
/// Core waiter for all targets, and one rendering of outcomes into objects, warnings and errors.
/// </summary>
public abstract class DeploymentWaitingCmdlet : RailwayApiCmdlet
{
    /// <summary>The default of -TimeoutSec: ten minutes, as the waiter's own default.</summary>
    public const int DefaultTimeoutSec = 600;

    /// <summary>Waits for every target at once and hands each outcome over on the pipeline thread as it arrives.</summary>
    protected void WaitFor(IReadOnlyList<WaitTarget> targets, WaitOptions options, Action<WaitOutcome> onOutcome)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var waiter = new DeploymentWaiter(Client, EventSink);
        RunStream(token => waiter.WaitAsync(targets, options, token), onOutcome);
    }

    /// <summary>
    /// Writes an outcome: the deployment for success (and for SLEEPING, with a warning), or a
    /// non-terminating error with the outcome's own ErrorId. Kinds in <paramref name="expected"/>
    /// count as success too (REMOVED is what Remove-RailwayDeployment asked for).
    /// </summary>
    protected void WriteOutcome(WaitOutcome outcome, bool writeDeployment, IReadOnlySet<WaitOutcomeKind>? expected = null)
    {
        var succeeded = outcome.Kind is WaitOutcomeKind.Succeeded or WaitOutcomeKind.Sleeping || expected?.Contains(outcome.Kind) == true;
        Hosting.CiHost.ReporterFor(this)?.ReportWait(outcome, succeeded, MyInvocation.MyCommand.Name);
        if (outcome.Kind == WaitOutcomeKind.Succeeded || expected?.Contains(outcome.Kind) == true)
        {
            if (writeDeployment && outcome.Deployment is { } done)
            {
                WriteObject(done);
            }

            return;
        }

        if (outcome.Kind == WaitOutcomeKind.Sleeping)
        {
            WriteWarning(Format(CmdletText.WaitSleeping, outcome.Deployment?.DeploymentId));
            if (writeDeployment && outcome.Deployment is { } sleeping)
            {
                WriteObject(sleeping);
            }

            return;
        }

        // The target's own failure keeps the ErrorId Core's exception maps to (RailwayDeploymentNotFound, RailwayTimeout, ...);
        // every other outcome is its kind's row in ErrorMap, with the next command for that deployment.
        var target = (object?)outcome.Deployment ?? outcome.Target.ToString();
        WriteError(outcome is { Kind: WaitOutcomeKind.Error, Error: { } error }
            ? ErrorMap.For(error, target)
            : ErrorMap.For(outcome.Kind == WaitOutcomeKind.TimedOut ? new DeploymentWaitTimeoutException(outcome) : new DeploymentWaitException(outcome),
                target, OutcomeText.Recommend(outcome)));
    }
}

/// <summary>What to run next after each unsuccessful outcome (its ErrorId and category are its row in <see cref="ErrorMap"/>).</summary>
internal static class OutcomeText
{
    public static string Recommend(WaitOutcome outcome)
    {
        var deployment = outcome.Deployment;
        var (project, environment, service) = Place(outcome);
        return outcome.Kind switch
        {
            WaitOutcomeKind.Failed or WaitOutcomeKind.Crashed => Text(CmdletText.RecommendedLogs, deployment?.DeploymentId),
            WaitOutcomeKind.Removed => Text(CmdletText.RecommendedRemoved, project, environment, service),
            WaitOutcomeKind.Skipped => Text(CmdletText.RecommendedSkipped, deployment?.DeploymentId),
            WaitOutcomeKind.NeedsApproval => Text(CmdletText.RecommendedApprove, deployment?.DeploymentId),
            WaitOutcomeKind.NeverAppeared => Text(CmdletText.RecommendedNeverAppeared, project, environment, service),
            _ => deployment is null
                ? Text(CmdletText.RecommendedTimeoutNoDeployment, project, environment, service)
                : Text(CmdletText.RecommendedTimeout, deployment.DeploymentId),
        };
    }

    private static (string? Project, string? Environment, string? Service) Place(WaitOutcome outcome) => outcome.Deployment is { } deployment
        ? (deployment.ProjectId, deployment.EnvironmentId, deployment.ServiceId)
        : outcome.Target switch
        {
            WaitTarget.ByCommit commit => (commit.ProjectId, commit.EnvironmentId, commit.ServiceId),
            WaitTarget.LatestOf latest => (latest.ProjectId, latest.EnvironmentId, latest.ServiceId),
            _ => (null, null, null),
        };

    private static string Text(string format, params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
