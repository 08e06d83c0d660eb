namespace RailwayOps.Core.Waiting;

/// <summary>
/// How the wait for one target ended, with the deployment as last seen, the log tails of an
/// unsuccessful end (empty otherwise), the time waited and every status observed, in order.
/// </summary>
public sealed record WaitOutcome(
    WaitTarget Target,
    WaitOutcomeKind Kind,
    RailwayDeployment? Deployment,
    IReadOnlyList<RailwayLogLine> BuildLogTail,
    IReadOnlyList<RailwayLogLine> DeployLogTail,
    TimeSpan Elapsed,
    IReadOnlyList<DeploymentStatus> StatusHistory)
{
    /// <summary><see cref="WaitOutcomeKind.Error"/> only: why this target could not be waited for (Core's exception).</summary>
    public Exception? Error { get; init; }

    /// <summary>Rethrows <see cref="Error"/> as it was raised, for a caller that waits for one target and handles Core's exceptions itself.</summary>
    public WaitOutcome ThrowIfError()
    {
        if (Error is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }

        return this;
    }

    /// <summary>The outcome a terminal status stands for.</summary>
    public static WaitOutcomeKind KindOf(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Success => WaitOutcomeKind.Succeeded,
        DeploymentStatus.Failed => WaitOutcomeKind.Failed,
        DeploymentStatus.Crashed => WaitOutcomeKind.Crashed,
        DeploymentStatus.Removed => WaitOutcomeKind.Removed,
        DeploymentStatus.Skipped => WaitOutcomeKind.Skipped,
        DeploymentStatus.NeedsApproval => WaitOutcomeKind.NeedsApproval,
        DeploymentStatus.Sleeping => WaitOutcomeKind.Sleeping,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "An in-progress status has no outcome."),
    };

    /// <summary>Whether an outcome of this kind carries build and deploy log tails.</summary>
    public static bool CarriesLogs(WaitOutcomeKind kind) =>
        kind is WaitOutcomeKind.Failed or WaitOutcomeKind.Crashed or WaitOutcomeKind.Removed or WaitOutcomeKind.Skipped;
}
