using RailwayOps.Core.Events;
using RailwayOps.Core.Git;
using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Versioning;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Core.Cpwtr;

/// <summary>
/// Carries out a <see cref="CpwtrPlan"/>: Version, Commit, Push, Wait, Test. Every run ends in one
/// <see cref="CpwtrResult"/>; a failed stage is recorded with its reason and next command, never thrown.
/// </summary>
/// <remarks>
/// Nothing is lost when a stage fails. Secrets are checked before the version is written, so a refusal
/// changes nothing. When the commit fails, a version written by this run is put back exactly as it was
/// before the run (other edits in that file are kept, since only this run's bytes are undone); a version
/// reused from an earlier run stays, to be reused again. A commit whose push fails stays local and the
/// next run pushes it. Cancellation leaves whatever was done in place for the next run to resume from;
/// the version file is written atomically, so it is never half-written.
/// </remarks>
public sealed class CpwtrRunner
{
    private readonly RailwayClient client;
    private readonly IRailwayEventSink events;

    public CpwtrRunner(RailwayClient client, IRailwayEventSink events)
    {
        this.client = client;
        this.events = events;
    }

    /// <param name="approved">The stages the user allowed (ShouldProcess); a stage with work that is not approved ends the run.</param>
    public async Task<CpwtrResult> RunAsync(CpwtrPlan plan, IReadOnlySet<CpwtrStageName> approved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var run = new RunState(plan, new StageRecorder(events));
        try
        {
            foreach (var stage in Enum.GetValues<CpwtrStageName>())
            {
                if (plan.StagesWithWork().Contains(stage) && !approved.Contains(stage))
                {
                    run.Recorder.NotRun(stage, CpwtrStageOutcome.Skipped, CpwtrMessages.StageDeclined);
                    run.Recorder.SkipRemaining(CpwtrMessages.StageDeclined);
                    return run.ToResult(declined: true);
                }
                await RunStageAsync(stage, run, cancellationToken).ConfigureAwait(false);
            }
            return run.ToResult(declined: false);
        }
        catch (StageFailedException failure)
        {
            run.Fail(failure);
            return run.ToResult(declined: false);
        }
        finally
        {
            run.Recorder.Complete();
        }
    }

    private Task RunStageAsync(CpwtrStageName stage, RunState run, CancellationToken cancellationToken) => stage switch
    {
        CpwtrStageName.Version => VersionAsync(run, cancellationToken),
        CpwtrStageName.Commit => CommitAsync(run, cancellationToken),
        CpwtrStageName.Push => PushAsync(run, cancellationToken),
        CpwtrStageName.Wait => WaitAsync(run, cancellationToken),
        _ => TestAsync(run, cancellationToken),
    };

    private static async Task VersionAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        if (plan.Secrets.Count > 0 && !plan.Request.Force && plan.Decision.Commit == CommitStep.Commit)
        {
            run.Recorder.NotRun(CpwtrStageName.Version, CpwtrStageOutcome.Skipped, CpwtrMessages.VersionNotWrittenSecrets);
            run.Recorder.Begin(CpwtrStageName.Commit, plan.Describe(CpwtrStageName.Commit));
            throw new StageFailedException(CpwtrFailureKind.SecretFileRefused,
                CpwtrMessages.Format(CpwtrMessages.SecretsRefused, plan.Secrets.Count, string.Join(", ", plan.Secrets)),
                CpwtrMessages.NextSecrets);
        }

        run.Recorder.Begin(CpwtrStageName.Version, plan.Describe(CpwtrStageName.Version));
        if (plan.VersionError is { } error)
        {
            throw new StageFailedException(CpwtrFailureKind.VersionFailed, error.Message, CpwtrMessages.NextVersion);
        }
        switch (plan.Decision.Version)
        {
            case VersionStep.Bump when plan.Bump is { } bump:
                try
                {
                    await AppVersionBumper.ApplyAsync(bump, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is VersionException or IOException or UnauthorizedAccessException)
                {
                    throw new StageFailedException(CpwtrFailureKind.VersionFailed, exception.Message, CpwtrMessages.NextVersion);
                }
                run.BumpedThisRun = true;
                run.Recorder.End(CpwtrStageOutcome.Succeeded, CpwtrMessages.Format(CpwtrMessages.VersionBumped,
                    plan.TargetOf(CpwtrStageName.Version), bump.OldVersion, bump.NewVersion));
                break;
            case VersionStep.Reuse:
                run.Recorder.End(CpwtrStageOutcome.AlreadyDone, CpwtrMessages.Format(CpwtrMessages.VersionReused, plan.TargetVersion));
                break;
            default:
                run.Recorder.End(CpwtrStageOutcome.Skipped, plan.TargetVersion is null
                    ? CpwtrMessages.VersionKeptNone
                    : CpwtrMessages.Format(CpwtrMessages.VersionKept, plan.TargetVersion));
                break;
        }
    }

    private static async Task CommitAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        run.Recorder.Begin(CpwtrStageName.Commit, plan.Describe(CpwtrStageName.Commit));
        if (plan.Decision.Commit == CommitStep.AlreadyDone)
        {
            run.Recorder.End(CpwtrStageOutcome.AlreadyDone, CpwtrMessages.Format(CpwtrMessages.CommitAlreadyDone, Short(plan.HeadSha), plan.CommitMessage));
            return;
        }
        if (plan.Decision.Commit == CommitStep.NotNeeded)
        {
            run.Recorder.End(CpwtrStageOutcome.Skipped, CpwtrMessages.Format(CpwtrMessages.CommitNotNeeded, Short(plan.HeadSha)));
            return;
        }
        try
        {
            await plan.Repository.AddAllAsync(cancellationToken).ConfigureAwait(false);
            run.Commit = await plan.Repository.CommitAsync(plan.CommitMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException exception)
        {
            var reason = await RestoreBumpAsync(run).ConfigureAwait(false)
                ? CpwtrMessages.Format(CpwtrMessages.CommitFailedRestored, exception.Message, plan.PreviousVersion)
                : CpwtrMessages.Format(CpwtrMessages.CommitFailed, exception.Message);
            throw new StageFailedException(CpwtrFailureKind.CommitFailed, reason, CpwtrMessages.NextCommit);
        }
        run.Recorder.End(CpwtrStageOutcome.Succeeded, CpwtrMessages.Format(CpwtrMessages.Committed, Short(run.Commit), plan.CommitMessage));
    }

    /// <summary>Puts back the bytes this run replaced, if the file still holds what this run wrote.</summary>
    private static async Task<bool> RestoreBumpAsync(RunState run)
    {
        if (!run.BumpedThisRun || run.Plan.Bump is not { } bump)
        {
            return false;
        }
        // Restoring must finish even when the run is being cancelled: a half-restored state is worse.
        var onDisk = await File.ReadAllBytesAsync(bump.File, CancellationToken.None).ConfigureAwait(false);
        if (!onDisk.AsSpan().SequenceEqual(bump.NewContent))
        {
            return false;
        }
        await AtomicFile.WriteAllBytesAsync(bump.File, bump.Source.Content.Bytes, CancellationToken.None).ConfigureAwait(false);
        await run.Plan.Repository.RunAsync(["reset", "-q", "--", Path.GetRelativePath(run.Plan.Repository.Root, bump.File)], CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private static async Task PushAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var remote = plan.Request.Remote;
        run.Recorder.Begin(CpwtrStageName.Push, plan.Describe(CpwtrStageName.Push));
        if (plan.Decision.Push == PushStep.AlreadyDone)
        {
            run.Recorder.End(CpwtrStageOutcome.AlreadyDone, CpwtrMessages.Format(CpwtrMessages.PushAlreadyDone, Short(run.Commit), remote, plan.Branch));
            return;
        }
        try
        {
            var upstream = await plan.Repository.GetUpstreamAsync(cancellationToken).ConfigureAwait(false);
            await plan.Repository.PushAsync(remote, plan.Branch, setUpstream: upstream is null, cancellationToken).ConfigureAwait(false);
        }
        catch (PushRejectedException exception)
        {
            throw new StageFailedException(CpwtrFailureKind.PushRejected, exception.Message,
                CpwtrMessages.Format(CpwtrMessages.NextPullRebase, remote, plan.Branch));
        }
        catch (GitException exception)
        {
            throw new StageFailedException(CpwtrFailureKind.PushFailed, exception.Message,
                CpwtrMessages.Format(CpwtrMessages.NextPushFailed, remote, plan.Branch));
        }
        run.Recorder.End(CpwtrStageOutcome.Succeeded, CpwtrMessages.Format(CpwtrMessages.Pushed, Short(run.Commit), remote, plan.Branch));
    }

    private async Task WaitAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        run.Recorder.Begin(CpwtrStageName.Wait, plan.Describe(CpwtrStageName.Wait));
        if (plan.EnvironmentError is { } lookup)
        {
            throw new StageFailedException(CpwtrFailureKind.EnvironmentNotFound, lookup.Message,
                CpwtrMessages.Format(CpwtrMessages.NextEnvironment, plan.Branch));
        }
        var environment = plan.Environment.Environment ?? await AwaitPullRequestEnvironmentAsync(plan, cancellationToken).ConfigureAwait(false);
        run.Environment = environment;
        var request = plan.Request;
        var target = new WaitTarget.ByCommit(plan.Target.Project.ProjectId, environment.EnvironmentId, plan.Service.ServiceId, run.Commit);
        var options = new WaitOptions
        {
            Timeout = request.WaitTimeout,
            AppearTimeout = request.AppearTimeout,
            MaxPollInterval = TimeSpan.FromSeconds(2),
            BuildLogLines = request.BuildLogLines,
            DeployLogLines = request.DeployLogLines,
        };
        WaitOutcome? outcome = null;
        await foreach (var each in new DeploymentWaiter(client, events).WaitAsync([target], options, cancellationToken).ConfigureAwait(false))
        {
            outcome = each;
        }
        if (outcome is null)
        {
            throw new StageFailedException(CpwtrFailureKind.DeploymentNeverAppeared,
                CpwtrMessages.Format(CpwtrMessages.WaitNeverAppeared, Short(run.Commit), environment.Name, request.AppearTimeout.TotalSeconds),
                CpwtrMessages.Format(CpwtrMessages.NextNeverAppeared, environment.Name, plan.Service.Name));
        }
        outcome.ThrowIfError();
        run.Deployment = outcome.Deployment;
        run.BuildLogTail = outcome.BuildLogTail;
        run.DeployLogTail = outcome.DeployLogTail;
        EndWait(run, outcome, environment);
    }

    private static void EndWait(RunState run, WaitOutcome outcome, RailwayEnvironment environment)
    {
        var plan = run.Plan;
        var id = outcome.Deployment?.DeploymentId ?? "?";
        var sha = Short(run.Commit);
        switch (outcome.Kind)
        {
            case WaitOutcomeKind.Succeeded or WaitOutcomeKind.Sleeping:
                var wasLive = plan.Decision.Push == PushStep.AlreadyDone && outcome.StatusHistory.Count <= 1;
                run.Recorder.End(wasLive ? CpwtrStageOutcome.AlreadyDone : CpwtrStageOutcome.Succeeded, wasLive
                    ? CpwtrMessages.Format(CpwtrMessages.WaitAlreadyLive, id, environment.Name)
                    : CpwtrMessages.Format(CpwtrMessages.WaitLive, id, environment.Name, outcome.Elapsed.TotalSeconds));
                return;
            case WaitOutcomeKind.NeverAppeared:
                throw new StageFailedException(CpwtrFailureKind.DeploymentNeverAppeared,
                    CpwtrMessages.Format(CpwtrMessages.WaitNeverAppeared, sha, environment.Name, plan.Request.AppearTimeout.TotalSeconds),
                    CpwtrMessages.Format(CpwtrMessages.NextNeverAppeared, environment.Name, plan.Service.Name));
            case WaitOutcomeKind.TimedOut:
                throw new StageFailedException(CpwtrFailureKind.WaitTimedOut,
                    CpwtrMessages.Format(CpwtrMessages.WaitTimedOut, id, sha, environment.Name, plan.Request.WaitTimeout.TotalSeconds,
                        outcome.Deployment?.Status.ToString() ?? "none"),
                    CpwtrMessages.NextWaitAgain);
        }
        var (kind, next) = outcome.Kind switch
        {
            WaitOutcomeKind.Skipped => (CpwtrFailureKind.DeploymentSkipped, CpwtrMessages.NextSkipped),
            WaitOutcomeKind.NeedsApproval => (CpwtrFailureKind.DeploymentNeedsApproval, CpwtrMessages.Format(CpwtrMessages.NextApproval, id)),
            _ => (CpwtrFailureKind.DeploymentFailed, CpwtrMessages.Format(CpwtrMessages.NextFailed, id)),
        };
        throw new StageFailedException(kind,
            CpwtrMessages.Format(CpwtrMessages.WaitOutcome, id, sha, environment.Name, outcome.Deployment?.Status.ToString() ?? outcome.Kind.ToString()),
            next);
    }

    /// <summary>A pull request's environment is created by Railway after the PR opens: poll for it up to the appear timeout.</summary>
    private async Task<RailwayEnvironment> AwaitPullRequestEnvironmentAsync(CpwtrPlan plan, CancellationToken cancellationToken)
    {
        var choice = plan.Environment;
        if (choice.Kind != EnvironmentChoiceKind.PullRequest || choice.PullRequestNumber is not { } number)
        {
            throw new StageFailedException(CpwtrFailureKind.EnvironmentNotFound, choice.Explanation,
                CpwtrMessages.Format(CpwtrMessages.NextEnvironment, plan.Branch));
        }
        var deadline = DateTimeOffset.UtcNow + plan.Request.AppearTimeout;
        while (true)
        {
            await foreach (var environment in client.GetEnvironmentsAsync(plan.Target.Project, true, cancellationToken).ConfigureAwait(false))
            {
                if (environment.PullRequestNumber == number)
                {
                    return environment;
                }
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new StageFailedException(CpwtrFailureKind.EnvironmentNotFound,
                    CpwtrMessages.Format(CpwtrMessages.PullRequestEnvironmentNeverAppeared, number, plan.Request.AppearTimeout.TotalSeconds),
                    CpwtrMessages.Format(CpwtrMessages.NextEnvironment, plan.Branch));
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TestAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        run.Recorder.Begin(CpwtrStageName.Test, plan.Describe(CpwtrStageName.Test));
        var environment = run.Environment!;
        var domains = await client.GetDomainsAsync(plan.Target.Project.ProjectId, environment.EnvironmentId, plan.Service.ServiceId, cancellationToken).ConfigureAwait(false);
        run.Url = ServiceHealthTarget.PickDomain(domains)?.Url
            ?? throw new StageFailedException(CpwtrFailureKind.HealthFailed,
                CpwtrMessages.Format(CpwtrMessages.TestNoDomain, plan.Service.Name, environment.Name), CpwtrMessages.NextWaitAgain);
        var uri = ServiceHealthTarget.Combine(run.Url, plan.HealthPath);
        var expected = plan.TargetVersion?.ToString();
        using var probe = new HealthProbe(events);
        var health = await probe.CheckAsync(new HealthProbeOptions(uri)
        {
            ExpectedVersion = expected,
            Timeout = plan.Request.HealthTimeout,
            RetryInterval = plan.Request.HealthRetryInterval,
        }, cancellationToken).ConfigureAwait(false);
        run.Health = health;
        if (health.Healthy)
        {
            run.Recorder.End(CpwtrStageOutcome.Succeeded, CpwtrMessages.Format(CpwtrMessages.TestHealthy, uri, health.Version ?? health.StatusCode?.ToString()));
            return;
        }
        var next = CpwtrMessages.Format(CpwtrMessages.NextTestAgain, uri, expected ?? "''");
        if (health.VersionMatches == false && health.Version is not null)
        {
            throw new StageFailedException(CpwtrFailureKind.VersionMismatch,
                CpwtrMessages.Format(CpwtrMessages.TestMismatch, uri, health.Version, expected), next);
        }
        throw new StageFailedException(CpwtrFailureKind.HealthFailed,
            CpwtrMessages.Format(CpwtrMessages.TestUnhealthy, uri, health.LastError), next);
    }

    private static string Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha ?? string.Empty;
}
