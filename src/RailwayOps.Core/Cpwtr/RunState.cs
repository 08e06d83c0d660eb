namespace RailwayOps.Core.Cpwtr;

/// <summary>A stage failed; the runner records it and skips the rest.</summary>
internal sealed class StageFailedException : Exception
{
    public StageFailedException(CpwtrFailureKind kind, string reason, string nextCommand)
        : base(reason)
    {
        Kind = kind;
        NextCommand = nextCommand;
    }

    public CpwtrFailureKind Kind { get; }

    public string NextCommand { get; }
}

/// <summary>What one run has found and done so far; becomes the <see cref="CpwtrResult"/>.</summary>
internal sealed class RunState
{
    public RunState(CpwtrPlan plan, StageRecorder recorder)
    {
        Plan = plan;
        Recorder = recorder;
        Commit = plan.HeadSha;
    }

    public CpwtrPlan Plan { get; }

    public StageRecorder Recorder { get; }

    /// <summary>The commit being released: HEAD, or the commit this run made.</summary>
    public string Commit { get; set; }

    public bool BumpedThisRun { get; set; }

    public RailwayEnvironment? Environment { get; set; }

    public RailwayDeployment? Deployment { get; set; }

    public IReadOnlyList<RailwayLogLine> BuildLogTail { get; set; } = Array.Empty<RailwayLogLine>();

    public IReadOnlyList<RailwayLogLine> DeployLogTail { get; set; } = Array.Empty<RailwayLogLine>();

    public Uri? Url { get; set; }

    public HealthCheckResult? Health { get; set; }

    private StageFailedException? failure;
    private CpwtrStageName? failedStage;

    public void Fail(StageFailedException exception)
    {
        failure = exception;
        failedStage = CurrentStage();
        Recorder.End(CpwtrStageOutcome.Failed, exception.Message);
        Recorder.SkipRemaining(CpwtrMessages.Format(CpwtrMessages.StageNotReached, failedStage));
    }

    public CpwtrResult ToResult(bool declined)
    {
        var environment = Environment ?? Plan.Environment.Environment;
        return new CpwtrResult
        {
            Version = Plan.TargetVersion?.ToString(),
            PreviousVersion = Plan.PreviousVersion?.ToString(),
            Commit = Commit,
            Branch = Plan.Branch,
            Environment = environment?.Name,
            EnvironmentId = environment?.EnvironmentId,
            Service = Plan.Service.Name,
            ServiceId = Plan.Service.ServiceId,
            ProjectId = Plan.Target.Project.ProjectId,
            DeploymentId = Deployment?.DeploymentId,
            Url = Url,
            Health = Health,
            Stages = Recorder.Stages.OrderBy(s => s.Name).ToList(),
            Succeeded = failure is null && !declined,
            FailedStage = failedStage,
            FailureKind = failure?.Kind,
            Reason = failure?.Message ?? (declined ? CpwtrMessages.StageDeclined : null),
            BuildLogTail = BuildLogTail,
            DeployLogTail = DeployLogTail,
            NextCommand = failure?.NextCommand,
            Duration = Recorder.Elapsed,
        };
    }

    private CpwtrStageName CurrentStage() =>
        Enum.GetValues<CpwtrStageName>().First(name => Recorder.Stages.All(s => s.Name != name));
}
