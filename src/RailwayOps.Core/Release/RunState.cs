using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;

namespace RailwayOps.Core.Release;

/// <summary>A stage failed; the runner records it and skips the rest.</summary>
internal sealed class StageFailedException : Exception
{
    public StageFailedException(ReleaseFailureKind kind, string reason, string nextCommand, RailwayApiErrorKind? railwayErrorKind = null)
        : base(reason)
    {
        Kind = kind;
        NextCommand = nextCommand;
        RailwayErrorKind = railwayErrorKind;
    }

    public ReleaseFailureKind Kind { get; }

    public string NextCommand { get; }

    public RailwayApiErrorKind? RailwayErrorKind { get; }
}

/// <summary>What one run has found and done so far; becomes the <see cref="ReleaseResult"/>.</summary>
internal sealed class RunState
{
    public RunState(ReleasePlan plan, StageRecorder recorder)
    {
        Plan = plan;
        Recorder = recorder;
        Commit = plan.HeadSha;
        HealthPath = plan.HealthPath;
    }

    public ReleasePlan Plan { get; }

    public StageRecorder Recorder { get; }

    /// <summary>The commit being released: HEAD, or the commit this run made.</summary>
    public string Commit { get; set; }

    public bool BumpedThisRun { get; set; }

    /// <summary>A failed commit put the version file back: the repository declares the previous version again.</summary>
    public bool VersionRestored { get; set; }

    public RailwayEnvironment? Environment { get; set; }

    public RailwayDeployment? Deployment { get; set; }

    /// <summary>Every status the primary deployment was seen in while waiting.</summary>
    public IReadOnlyList<DeploymentStatus> WaitHistory { get; set; } = Array.Empty<DeploymentStatus>();

    public IReadOnlyList<ReleaseDeployment> Deployments { get; set; } = Array.Empty<ReleaseDeployment>();

    public IReadOnlyList<RailwayLogLine> BuildLogTail { get; set; } = Array.Empty<RailwayLogLine>();

    public IReadOnlyList<RailwayLogLine> DeployLogTail { get; set; } = Array.Empty<RailwayLogLine>();

    public Uri? Url { get; set; }

    public HealthCheckResult? Health { get; set; }

    public HealthPathChoice? HealthPath { get; set; }

    public StabilityVerdict? Stability { get; set; }

    public ReleaseRollback? Rollback { get; set; }

    /// <summary>Railway skipped the deployment: nothing was deployed, and that is the run's honest outcome.</summary>
    public bool NothingDeployed { get; set; }

    /// <summary>This run uploaded the release commit's tree (an upload-sourced service).</summary>
    public bool UploadedThisRun { get; set; }

    private StageFailedException? failure;
    private ReleaseStageName? failedStage;

    public ReleaseStageName? FailedStage => failedStage;

    /// <param name="stage">The stage that was running; a stage it had already begun (the secret check begins Commit) is the one that failed.</param>
    public void Fail(StageFailedException exception, ReleaseStageName stage)
    {
        stage = Recorder.Current ?? stage;
        failure = exception;
        failedStage = stage;
        if (!Recorder.IsRunning(stage))
        {
            Recorder.Begin(stage, Plan.Describe(stage));
        }
        Recorder.End(ReleaseStageOutcome.Failed, exception.Message);
        Recorder.SkipRemaining(ReleaseMessages.Format(ReleaseMessages.StageNotReached, stage));
    }

    public ReleaseRunOutcome Outcome(bool declined)
    {
        if (declined)
        {
            return ReleaseRunOutcome.Declined;
        }
        if (failure is not null)
        {
            return ReleaseRunOutcome.Failed;
        }
        if (NothingDeployed)
        {
            return ReleaseRunOutcome.NothingDeployed;
        }
        bool Did(ReleaseStageName name) => Recorder.Stages.Any(s => s.Name == name && s.Outcome == ReleaseStageOutcome.Succeeded);
        if (Did(ReleaseStageName.Commit) || Did(ReleaseStageName.Push))
        {
            return ReleaseRunOutcome.Released;
        }
        return Did(ReleaseStageName.Wait) ? ReleaseRunOutcome.Resumed : ReleaseRunOutcome.AlreadyLive;
    }

    public ReleaseResult ToResult(bool declined)
    {
        var environment = Environment ?? Plan.Environment.Environment;
        var reason = failure?.Message ?? (declined ? ReleaseMessages.StageDeclined : null);
        if (failure is not null && Rollback is { } rollback)
        {
            reason = ReleaseMessages.Format(ReleaseMessages.ReasonRolledBack, reason, rollback.Detail);
        }
        return new ReleaseResult
        {
            Outcome = Outcome(declined),
            Version = (VersionRestored ? Plan.PreviousVersion : Plan.TargetVersion)?.ToString(),
            PreviousVersion = Plan.PreviousVersion?.ToString(),
            Commit = Commit,
            Source = Plan.Source,
            Uploaded = UploadedThisRun,
            Branch = Plan.Branch,
            Environment = environment?.Name,
            EnvironmentId = environment?.EnvironmentId,
            Service = Plan.Service.Name,
            ServiceId = Plan.Service.ServiceId,
            ProjectId = Plan.Target.Project.ProjectId,
            DeploymentId = Deployment?.DeploymentId,
            Url = Url,
            Health = Health,
            HealthPath = HealthPath?.Path,
            HealthPathSource = HealthPath?.Source,
            Stability = Stability,
            Deployments = Deployments,
            Rollback = Rollback,
            Stages = Recorder.Stages.OrderBy(s => s.Name).ToList(),
            Succeeded = failure is null && !declined,
            FailedStage = failedStage,
            FailureKind = failure?.Kind,
            Reason = reason,
            RailwayErrorKind = failure?.RailwayErrorKind,
            BuildLogTail = BuildLogTail,
            DeployLogTail = DeployLogTail,
            NextCommand = failure?.NextCommand,
            Duration = Recorder.Elapsed,
        };
    }
}
