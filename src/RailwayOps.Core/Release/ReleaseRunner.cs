using RailwayOps.Core.Events;
using RailwayOps.Core.Git;
using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Railway.Subscriptions;
using RailwayOps.Core.Versioning;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Core.Release;

/// <summary>
/// Carries out a <see cref="ReleasePlan"/>: Version, Commit, Push, Wait, Test. Every run ends in one
/// <see cref="ReleaseResult"/>; a failed stage, whatever failed in it, is recorded with its reason and next
/// command, never thrown (only the user's cancellation ends a run without a result).
/// </summary>
/// <remarks>
/// Nothing is lost when a stage fails. Secrets are checked before the version is written, so a refusal
/// changes nothing. The commit is made through a private copy of the index, so when it fails the user's
/// staging is exactly as it was, and a version written by this run is put back as it was before the run
/// (other edits in that file are kept, since only this run's bytes are undone); a version reused from an
/// earlier run stays, to be reused again. A commit whose push fails stays local and the next run pushes it.
/// Cancellation leaves whatever was done in place for the next run to resume from; the version file is
/// written atomically, so it is never half-written. Every detail quotes what git and Railway hold.
/// </remarks>
public sealed class ReleaseRunner
{
    private readonly RailwayClient client;
    private readonly IRailwayEventSink events;

    public ReleaseRunner(RailwayClient client, IRailwayEventSink events)
    {
        this.client = client;
        this.events = events;
    }

    /// <param name="approved">The stages the user allowed (ShouldProcess); a stage with work that is not approved ends the run.</param>
    public async Task<ReleaseResult> RunAsync(ReleasePlan plan, IReadOnlySet<ReleaseStageName> approved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var run = new RunState(plan, new StageRecorder(events));
        try
        {
            foreach (var stage in Enum.GetValues<ReleaseStageName>())
            {
                if (plan.StagesWithWork().Contains(stage) && !approved.Contains(stage))
                {
                    run.Recorder.NotRun(stage, ReleaseStageOutcome.Skipped, ReleaseMessages.StageDeclined);
                    run.Recorder.SkipRemaining(ReleaseMessages.StageDeclined);
                    return run.ToResult(declined: true);
                }
                await RunStageAsync(stage, run, cancellationToken).ConfigureAwait(false);
            }
            WarnIfNothingShipped(run);
            return run.ToResult(declined: false);
        }
        catch (StageFailedException)
        {
            if (plan.Request.RollbackOnFailure && run.FailedStage is ReleaseStageName.Wait or ReleaseStageName.Test)
            {
                run.Rollback = await RollbackAsync(run, cancellationToken).ConfigureAwait(false);
            }
            return run.ToResult(declined: false);
        }
        finally
        {
            run.Recorder.Complete();
        }
    }

    /// <summary>Runs one stage; whatever fails inside it ends that stage with a result, never an exception.</summary>
    private async Task RunStageAsync(ReleaseStageName stage, RunState run, CancellationToken cancellationToken)
    {
        StageFailedException failure;
        try
        {
            await (stage switch
            {
                ReleaseStageName.Version => VersionAsync(run, cancellationToken),
                ReleaseStageName.Commit => CommitAsync(run, cancellationToken),
                ReleaseStageName.Push => PushAsync(run, cancellationToken),
                ReleaseStageName.Wait => WaitAsync(run, cancellationToken),
                _ => TestAsync(run, cancellationToken),
            }).ConfigureAwait(false);
            return;
        }
        catch (StageFailedException exception)
        {
            failure = exception;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            failure = Describe(stage, exception);
        }
        run.Fail(failure, stage);
        throw failure;
    }

    /// <summary>The stage failure an unexpected exception stands for: its own ErrorId and category, the way on.</summary>
    private static StageFailedException Describe(ReleaseStageName stage, Exception exception)
    {
        var at = ReleaseMessages.Format(ReleaseMessages.StageFailedAt, stage);
        var next = stage is ReleaseStageName.Wait or ReleaseStageName.Test ? ReleaseMessages.NextWaitAgain : ReleaseMessages.NextUnexpected;
        return exception switch
        {
            RailwayApiException api => new StageFailedException(ReleaseFailureKind.RailwayRequestFailed,
                ReleaseMessages.Format(ReleaseMessages.StageRailwayFailed, at, api.ServerMessage is { Length: > 0 } server && !api.Message.Contains(server, StringComparison.Ordinal)
                    ? api.Message + " (" + server + ")"
                    : api.Message), next, api.Kind),
            OperationCanceledException or TimeoutException => new StageFailedException(ReleaseFailureKind.RailwayRequestFailed,
                ReleaseMessages.Format(ReleaseMessages.StageTimedOut, at, exception.Message), next, RailwayApiErrorKind.Timeout),
            SubscriptionException or HttpRequestException => new StageFailedException(ReleaseFailureKind.RailwayRequestFailed,
                ReleaseMessages.Format(ReleaseMessages.StageRailwayFailed, at, exception.Message), next, RailwayApiErrorKind.Transport),
            _ => new StageFailedException(ReleaseFailureKind.StageFailed,
                ReleaseMessages.Format(ReleaseMessages.StageUnexpected, at, exception.GetType().Name, exception.Message), next),
        };
    }

    private static async Task VersionAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        if (plan.Secrets.Count > 0 && !plan.Request.Force && plan.Decision.Commit == CommitStep.Commit)
        {
            run.Recorder.NotRun(ReleaseStageName.Version, ReleaseStageOutcome.Skipped, ReleaseMessages.VersionNotWrittenSecrets);
            run.Recorder.Begin(ReleaseStageName.Commit, plan.Describe(ReleaseStageName.Commit));
            throw new StageFailedException(ReleaseFailureKind.SecretFileRefused,
                ReleaseMessages.Format(ReleaseMessages.SecretsRefused, plan.Secrets.Count, string.Join(", ", plan.Secrets)),
                ReleaseMessages.NextSecrets);
        }

        run.Recorder.Begin(ReleaseStageName.Version, plan.Describe(ReleaseStageName.Version));
        if (plan.VersionError is { } error)
        {
            throw new StageFailedException(ReleaseFailureKind.VersionFailed, error.Message, ReleaseMessages.NextVersion);
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
                    throw new StageFailedException(ReleaseFailureKind.VersionFailed, exception.Message, ReleaseMessages.NextVersion);
                }
                run.BumpedThisRun = true;
                run.Recorder.End(ReleaseStageOutcome.Succeeded, ReleaseMessages.Format(ReleaseMessages.VersionBumped,
                    plan.TargetOf(ReleaseStageName.Version), bump.OldVersion, bump.NewVersion));
                break;
            case VersionStep.Reuse:
                run.Recorder.End(ReleaseStageOutcome.AlreadyDone, ReleaseMessages.Format(ReleaseMessages.VersionReused, plan.TargetVersion, plan.TargetOf(ReleaseStageName.Version)));
                break;
            default:
                run.Recorder.End(ReleaseStageOutcome.Skipped, plan.TargetVersion is null
                    ? ReleaseMessages.VersionKeptNone
                    : ReleaseMessages.Format(ReleaseMessages.VersionKept, plan.TargetVersion));
                break;
        }
    }

    private static async Task CommitAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        run.Recorder.Begin(ReleaseStageName.Commit, plan.Describe(ReleaseStageName.Commit));
        if (plan.Decision.Commit == CommitStep.AlreadyDone)
        {
            run.Recorder.End(ReleaseStageOutcome.AlreadyDone, ReleaseMessages.Format(ReleaseMessages.CommitAlreadyDone, Short(plan.HeadSha), plan.Facts.HeadSubject));
            return;
        }
        if (plan.Decision.Commit == CommitStep.NotNeeded)
        {
            run.Recorder.End(ReleaseStageOutcome.Skipped, ReleaseMessages.Format(ReleaseMessages.CommitNotNeeded, Short(plan.HeadSha)));
            return;
        }
        try
        {
            run.Commit = await plan.Repository.CommitAllAsync(plan.CommitMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is GitException or IOException or UnauthorizedAccessException)
        {
            run.VersionRestored = await RestoreBumpAsync(run).ConfigureAwait(false);
            var reason = run.VersionRestored
                ? ReleaseMessages.Format(ReleaseMessages.CommitFailedRestored, exception.Message, plan.PreviousVersion)
                : ReleaseMessages.Format(ReleaseMessages.CommitFailedStaging, exception.Message);
            throw new StageFailedException(ReleaseFailureKind.CommitFailed, reason, ReleaseMessages.NextCommit);
        }
        var subject = await plan.Repository.GetHeadSubjectAsync(CancellationToken.None).ConfigureAwait(false);
        run.Recorder.End(ReleaseStageOutcome.Succeeded, ReleaseMessages.Format(ReleaseMessages.Committed, Short(run.Commit), subject));
    }

    /// <summary>
    /// Puts back the bytes this run replaced, if no commit was made and the file still holds what this run
    /// wrote. The index was never touched. A commit that exists after all (git finished, then something failed)
    /// keeps its bump in the tree: writing the old version over it would lose it.
    /// </summary>
    private static async Task<bool> RestoreBumpAsync(RunState run)
    {
        if (!run.BumpedThisRun || run.Plan.Bump is not { } bump)
        {
            return false;
        }
        var head = await run.Plan.Repository.RunAsync(["rev-parse", "--verify", "HEAD^{commit}"], CancellationToken.None).ConfigureAwait(false);
        if (!head.Succeeded || !string.Equals(head.StandardOutput.Trim(), run.Plan.HeadSha, StringComparison.OrdinalIgnoreCase))
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
        return true;
    }

    private static async Task PushAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var remote = plan.Request.Remote;
        run.Recorder.Begin(ReleaseStageName.Push, plan.Describe(ReleaseStageName.Push));
        if (!plan.HasRemote)
        {
            run.Recorder.End(ReleaseStageOutcome.Skipped, ReleaseMessages.Format(ReleaseMessages.PushSkippedNoRemote, remote, Short(run.Commit)));
            return;
        }
        if (plan.Decision.Push == PushStep.AlreadyDone)
        {
            run.Recorder.End(ReleaseStageOutcome.AlreadyDone, ReleaseMessages.Format(ReleaseMessages.PushAlreadyDone, Short(run.Commit), remote, plan.Branch));
            return;
        }
        try
        {
            var upstream = await plan.Repository.GetUpstreamAsync(cancellationToken).ConfigureAwait(false);
            await plan.Repository.PushAsync(remote, plan.Branch, setUpstream: upstream is null, cancellationToken).ConfigureAwait(false);
        }
        catch (PushRejectedException exception)
        {
            throw new StageFailedException(ReleaseFailureKind.PushRejected, exception.Message,
                ReleaseMessages.Format(ReleaseMessages.NextPullRebase, remote, plan.Branch));
        }
        catch (GitException exception)
        {
            throw new StageFailedException(ReleaseFailureKind.PushFailed, exception.Message,
                ReleaseMessages.Format(ReleaseMessages.NextPushFailed, remote, plan.Branch));
        }
        run.Recorder.End(ReleaseStageOutcome.Succeeded, ReleaseMessages.Format(ReleaseMessages.Pushed, Short(run.Commit), remote, plan.Branch));
    }

    private async Task WaitAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        run.Recorder.Begin(ReleaseStageName.Wait, plan.Describe(ReleaseStageName.Wait));
        var environment = plan.Environment.Environment ?? await AwaitPullRequestEnvironmentAsync(plan, cancellationToken).ConfigureAwait(false);
        run.Environment = environment;
        var request = plan.Request;
        var projectId = plan.Target.Project.ProjectId;
        WaitTarget primary = plan.Source == ReleaseSource.Upload
            ? new WaitTarget.ById(await UploadOrResumeAsync(run, environment, cancellationToken).ConfigureAwait(false))
            : new WaitTarget.ByCommit(projectId, environment.EnvironmentId, plan.Service.ServiceId, run.Commit) { Place = $"{plan.Service.Name}/{environment.Name}" };
        // An upload deploys the named service only; a push deploys every service whose trigger follows the branch.
        var others = (plan.Source == ReleaseSource.Upload ? [] : plan.Environment.Others)
            .Select(other => (Target: other, Wait: new WaitTarget.ByCommit(projectId, other.Environment.EnvironmentId, other.Service.ServiceId, run.Commit) { Place = $"{other.Service.Name}/{other.Environment.Name}" }))
            .ToList();
        var options = new WaitOptions
        {
            Timeout = request.WaitTimeout,
            AppearTimeout = request.AppearTimeout,
            MaxPollInterval = TimeSpan.FromSeconds(2),
            BuildLogLines = request.BuildLogLines,
            DeployLogLines = request.DeployLogLines,
        };
        var outcomes = new Dictionary<WaitTarget, WaitOutcome>();
        await foreach (var each in new DeploymentWaiter(client, events).WaitAsync([primary, .. others.Select(o => o.Wait)], options, cancellationToken).ConfigureAwait(false))
        {
            outcomes[each.Target] = each;
        }
        var outcome = outcomes.GetValueOrDefault(primary);
        run.Deployments = others.Select(o => Describe(o.Target, outcomes.GetValueOrDefault(o.Wait)))
            .Prepend(Describe(new ReleaseTarget(environment, plan.Service), outcome))
            .ToList();
        if (outcome is null)
        {
            throw new StageFailedException(ReleaseFailureKind.DeploymentNeverAppeared,
                ReleaseMessages.Format(ReleaseMessages.WaitNeverAppeared, Short(run.Commit), environment.Name, request.AppearTimeout.TotalSeconds),
                ReleaseMessages.Format(ReleaseMessages.NextNeverAppeared, environment.Name, plan.Service.Name));
        }
        outcome.ThrowIfError();
        run.Deployment = outcome.Deployment;
        run.WaitHistory = outcome.StatusHistory;
        run.BuildLogTail = outcome.BuildLogTail;
        run.DeployLogTail = outcome.DeployLogTail;
        if (await EndWaitAsync(run, outcome, environment, cancellationToken).ConfigureAwait(false) is not { } ended)
        {
            return;
        }

        // The named service is live; every other deployment of the same push must be too.
        foreach (var (target, wait) in others)
        {
            var other = outcomes.GetValueOrDefault(wait);
            if (other is null || other.Kind is not (WaitOutcomeKind.Succeeded or WaitOutcomeKind.Sleeping or WaitOutcomeKind.Skipped))
            {
                run.BuildLogTail = other?.BuildLogTail ?? run.BuildLogTail;
                run.DeployLogTail = other?.DeployLogTail ?? run.DeployLogTail;
                var otherId = other?.Deployment?.DeploymentId;
                throw new StageFailedException(other?.Kind == WaitOutcomeKind.TimedOut ? ReleaseFailureKind.WaitTimedOut : ReleaseFailureKind.DeploymentFailed,
                    ReleaseMessages.Format(ReleaseMessages.WaitOtherFailed, outcome.Deployment?.DeploymentId, Short(run.Commit), environment.Name,
                        (otherId is null ? string.Empty : otherId + " of ") + target, other?.Deployment?.Status.ToWireName() ?? other?.Kind.ToString() ?? "NeverAppeared"),
                    otherId is null
                        ? ReleaseMessages.Format(ReleaseMessages.NextNeverAppeared, target.Environment.Name, target.Service.Name)
                        : ReleaseMessages.Format(ReleaseMessages.NextFailed, otherId));
            }
        }
        var live = run.Deployments.Skip(1).Where(d => d.Status == DeploymentStatus.Success).ToList();
        run.Recorder.End(ended.Outcome, live.Count == 0
            ? ended.Detail
            : ReleaseMessages.Format(ReleaseMessages.WaitLiveAll, outcome.Deployment?.DeploymentId, environment.Name, outcome.Elapsed.TotalSeconds,
                string.Join(", ", live.Select(d => $"{d.DeploymentId} ({d.Service}/{d.Environment})"))));
    }

    private static ReleaseDeployment Describe(ReleaseTarget target, WaitOutcome? outcome) => new()
    {
        Service = target.Service.Name,
        ServiceId = target.Service.ServiceId,
        Environment = target.Environment.Name,
        EnvironmentId = target.Environment.EnvironmentId,
        DeploymentId = outcome?.Deployment?.DeploymentId,
        Status = outcome?.Deployment?.Status,
    };

    /// <summary>
    /// How the primary deployment's outcome ends the Wait stage: live gives the outcome and detail to end it with
    /// once the others are checked; skipped ends it here (null); anything else is the stage's failure.
    /// </summary>
    private async Task<(ReleaseStageOutcome Outcome, string Detail)?> EndWaitAsync(RunState run, WaitOutcome outcome, RailwayEnvironment environment, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var id = outcome.Deployment?.DeploymentId ?? "?";
        var sha = Short(run.Commit);
        switch (outcome.Kind)
        {
            case WaitOutcomeKind.Succeeded or WaitOutcomeKind.Sleeping:
                var wasLive = (plan.Source == ReleaseSource.Upload ? !run.UploadedThisRun : plan.Decision.Push == PushStep.AlreadyDone)
                    && outcome.StatusHistory.Count <= 1;
                return (wasLive ? ReleaseStageOutcome.AlreadyDone : ReleaseStageOutcome.Succeeded, wasLive
                    ? ReleaseMessages.Format(ReleaseMessages.WaitAlreadyLive, id, environment.Name)
                    : ReleaseMessages.Format(ReleaseMessages.WaitLive, id, environment.Name, outcome.Elapsed.TotalSeconds));
            case WaitOutcomeKind.Skipped when !plan.Request.FailOnSkip:
                run.NothingDeployed = true;
                run.Recorder.End(ReleaseStageOutcome.Skipped, ReleaseMessages.Format(ReleaseMessages.WaitSkipped, id, sha, environment.Name));
                return null;
            case WaitOutcomeKind.NeverAppeared:
                throw new StageFailedException(ReleaseFailureKind.DeploymentNeverAppeared,
                    ReleaseMessages.Format(ReleaseMessages.WaitNeverAppeared, sha, environment.Name, plan.Request.AppearTimeout.TotalSeconds),
                    ReleaseMessages.Format(ReleaseMessages.NextNeverAppeared, environment.Name, plan.Service.Name));
            case WaitOutcomeKind.TimedOut:
                throw new StageFailedException(ReleaseFailureKind.WaitTimedOut,
                    ReleaseMessages.Format(ReleaseMessages.WaitTimedOut, id, sha, environment.Name, plan.Request.WaitTimeout.TotalSeconds,
                        outcome.Deployment?.Status.ToWireName() ?? "none"),
                    ReleaseMessages.NextWaitAgain);
            case WaitOutcomeKind.Removed:
                throw await RemovedAsync(run, outcome, environment, cancellationToken).ConfigureAwait(false);
        }
        var (kind, next) = outcome.Kind switch
        {
            WaitOutcomeKind.Skipped => (ReleaseFailureKind.DeploymentSkipped, ReleaseMessages.NextSkipped),
            WaitOutcomeKind.NeedsApproval => (ReleaseFailureKind.DeploymentNeedsApproval, ReleaseMessages.Format(ReleaseMessages.NextApproval, id)),
            _ => (ReleaseFailureKind.DeploymentFailed, ReleaseMessages.Format(ReleaseMessages.NextFailed, id)),
        };
        throw new StageFailedException(kind,
            ReleaseMessages.Format(ReleaseMessages.WaitOutcome, id, sha, environment.Name, outcome.Deployment?.Status.ToWireName() ?? outcome.Kind.ToString()),
            next);
    }

    /// <summary>
    /// A deployment REMOVED before it went live was either replaced by a newer one, or cut off with nothing
    /// after it (a platform restart, a cancel): which one is read from Railway, not guessed.
    /// </summary>
    private async Task<StageFailedException> RemovedAsync(RunState run, WaitOutcome outcome, RailwayEnvironment environment, CancellationToken cancellationToken)
    {
        var ours = outcome.Deployment!;
        var sha = Short(run.Commit);
        var latest = await client.Deployments.GetLatestAsync(environment.EnvironmentId, run.Plan.Service.ServiceId, cancellationToken).ConfigureAwait(false);
        if (latest is not null && latest.DeploymentId != ours.DeploymentId && latest.CreatedAt >= ours.CreatedAt)
        {
            return new StageFailedException(ReleaseFailureKind.DeploymentSuperseded,
                ReleaseMessages.Format(ReleaseMessages.WaitSuperseded, ours.DeploymentId, sha, environment.Name, latest.DeploymentId, Short(latest.CommitHash)),
                ReleaseMessages.Format(ReleaseMessages.NextSuperseded, latest.DeploymentId));
        }
        var lastLine = outcome.DeployLogTail.LastOrDefault()?.Message ?? outcome.BuildLogTail.LastOrDefault()?.Message;
        return new StageFailedException(ReleaseFailureKind.DeploymentInterrupted,
            ReleaseMessages.Format(ReleaseMessages.WaitInterrupted, ours.DeploymentId, sha, environment.Name,
                lastLine is null ? string.Empty : ReleaseMessages.Format(ReleaseMessages.WaitInterruptedLog, lastLine.Trim())),
            ReleaseMessages.Format(ReleaseMessages.NextInterrupted, ours.DeploymentId));
    }

    /// <summary>
    /// The deployment of the release commit's tree: one an earlier run uploaded (found by the commit named in its message)
    /// when it is live or still on its way, else a new upload of <c>git archive &lt;commit&gt;</c>, never the working tree.
    /// A rerun after a failed upload (or a failed, removed deployment of it) uploads again.
    /// </summary>
    private async Task<string> UploadOrResumeAsync(RunState run, RailwayEnvironment environment, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var marker = ReleaseMessages.Format(ReleaseMessages.UploadMessage, string.Empty, run.Commit).Trim();
        var query = new DeploymentQuery
        {
            ProjectId = plan.Target.Project.ProjectId,
            EnvironmentId = environment.EnvironmentId,
            ServiceId = plan.Service.ServiceId,
            First = 20,
        };
        await foreach (var deployment in client.Deployments.ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (deployment.CommitHash is null && deployment.CommitMessage?.EndsWith(marker, StringComparison.Ordinal) == true
                && deployment.Status is not (DeploymentStatus.Failed or DeploymentStatus.Crashed or DeploymentStatus.Removed
                    or DeploymentStatus.Removing or DeploymentStatus.Skipped))
            {
                events.Report(new RailwayEvent(RailwayEventLevel.Verbose, ReleaseMessages.Format(ReleaseMessages.UploadReused,
                    deployment.DeploymentId, Short(run.Commit), deployment.Status.ToWireName())));
                return deployment.DeploymentId;
            }
        }

        var subject = await plan.Repository.GetHeadSubjectAsync(cancellationToken).ConfigureAwait(false);
        using var content = new CommitUploadContent(plan.Repository.Root, run.Commit);
        UploadResult uploaded;
        try
        {
            uploaded = await client.Uploads.UploadAsync(plan.Target.Project.ProjectId, environment.EnvironmentId, plan.Service.ServiceId,
                ReleaseMessages.Format(ReleaseMessages.UploadMessage, subject, run.Commit), content,
                $"service {plan.Service.Name} in {plan.Target.Project.Name}/{environment.Name}", cancellationToken).ConfigureAwait(false);
        }
        catch (UploadException exception)
        {
            throw new StageFailedException(ReleaseFailureKind.UploadFailed,
                ReleaseMessages.Format(ReleaseMessages.UploadFailed, Short(run.Commit), exception.Message), ReleaseMessages.NextUploadAgain);
        }
        run.UploadedThisRun = true;
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, ReleaseMessages.Format(ReleaseMessages.UploadSent, Short(run.Commit), content.BytesSent, uploaded.DeploymentId)));
        return uploaded.DeploymentId;
    }

    /// <summary>A pull request's environment is created by Railway after the PR opens: poll for it up to the appear timeout.</summary>
    private async Task<RailwayEnvironment> AwaitPullRequestEnvironmentAsync(ReleasePlan plan, CancellationToken cancellationToken)
    {
        var choice = plan.Environment;
        if (choice.Kind != EnvironmentChoiceKind.PullRequest || choice.PullRequestNumber is not { } number)
        {
            throw new StageFailedException(ReleaseFailureKind.EnvironmentNotFound, choice.Explanation,
                ReleaseMessages.Format(ReleaseMessages.NextEnvironment, plan.Branch));
        }
        var deadline = DateTimeOffset.UtcNow + plan.Request.AppearTimeout;
        while (true)
        {
            await foreach (var environment in client.Environments.ListAsync(plan.Target.Project, true, cancellationToken).ConfigureAwait(false))
            {
                if (environment.PullRequestNumber == number)
                {
                    return environment;
                }
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new StageFailedException(ReleaseFailureKind.EnvironmentNotFound,
                    ReleaseMessages.Format(ReleaseMessages.PullRequestEnvironmentNeverAppeared, number, plan.Request.AppearTimeout.TotalSeconds),
                    ReleaseMessages.Format(ReleaseMessages.NextEnvironment, plan.Branch));
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TestAsync(RunState run, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        run.Recorder.Begin(ReleaseStageName.Test, plan.Describe(ReleaseStageName.Test));
        if (run.NothingDeployed)
        {
            run.Recorder.End(ReleaseStageOutcome.Skipped, ReleaseMessages.TestNotRun);
            return;
        }
        var environment = run.Environment!;
        run.HealthPath ??= await HealthPathResolver.ResolveAsync(client, plan.Request.HealthPath, environment.EnvironmentId, environment.Name,
            plan.Service.ServiceId, plan.Repository.Root, cancellationToken).ConfigureAwait(false);
        var domains = await client.Domains.ListAsync(plan.Target.Project.ProjectId, environment.EnvironmentId, plan.Service.ServiceId, cancellationToken).ConfigureAwait(false);
        run.Url = ServiceHealthTarget.PickDomain(domains)?.Url
            ?? throw new StageFailedException(ReleaseFailureKind.HealthFailed,
                ReleaseMessages.Format(ReleaseMessages.TestNoDomain, plan.Service.Name, environment.Name), ReleaseMessages.NextWaitAgain);
        var uri = ServiceHealthTarget.Combine(run.Url, run.HealthPath.Path);
        var expected = plan.TargetVersion?.ToString();
        using var probe = new HealthProbe(events);
        var health = await probe.CheckAsync(new HealthProbeOptions(uri)
        {
            ExpectedVersion = expected,
            Timeout = plan.Request.HealthTimeout,
            RetryInterval = plan.Request.HealthRetryInterval,
        }, cancellationToken).ConfigureAwait(false);
        run.Health = health;
        var next = ReleaseMessages.Format(ReleaseMessages.NextTestAgain, uri, expected ?? "''");
        if (!health.Healthy)
        {
            if (health.VersionMatches == false && health.Version is not null)
            {
                throw new StageFailedException(ReleaseFailureKind.VersionMismatch,
                    ReleaseMessages.Format(ReleaseMessages.TestMismatch, uri, health.Version, expected), next);
            }
            throw new StageFailedException(ReleaseFailureKind.HealthFailed,
                ReleaseMessages.Format(ReleaseMessages.TestUnhealthy, uri, health.LastError), next);
        }
        var answer = health.Version ?? health.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (plan.Request.StableFor <= TimeSpan.Zero)
        {
            run.Recorder.End(ReleaseStageOutcome.Succeeded, ReleaseMessages.Format(ReleaseMessages.TestHealthy, uri, answer));
            return;
        }

        var verdict = await new StabilityWatch(client, events).WatchAsync(new StabilityOptions
        {
            Window = plan.Request.StableFor,
            DeploymentId = run.Deployment?.DeploymentId,
            HealthUri = uri,
            ExpectedVersion = expected,
        }, cancellationToken).ConfigureAwait(false);
        run.Stability = verdict;
        if (!verdict.Stable)
        {
            var id = run.Deployment?.DeploymentId ?? "?";
            if (run.Deployment is { } deployment)
            {
                run.Deployment = await client.Deployments.GetAsync(deployment.DeploymentId, cancellationToken).ConfigureAwait(false);
                run.DeployLogTail = await ReadTailAsync(deployment.DeploymentId, RailwayLogType.Deploy, plan.Request.DeployLogLines, cancellationToken).ConfigureAwait(false);
                run.Deployments = run.Deployments.Select(d => d.DeploymentId == id ? new ReleaseDeployment
                {
                    Service = d.Service, ServiceId = d.ServiceId, Environment = d.Environment, EnvironmentId = d.EnvironmentId,
                    DeploymentId = d.DeploymentId, Status = run.Deployment.Status,
                } : d).ToList();
            }
            throw new StageFailedException(ReleaseFailureKind.DeploymentUnstable,
                ReleaseMessages.Format(ReleaseMessages.TestUnstable, verdict.Reason, run.HealthPath), ReleaseMessages.Format(ReleaseMessages.NextUnstable, id));
        }
        run.Recorder.End(ReleaseStageOutcome.Succeeded, ReleaseMessages.Format(ReleaseMessages.TestHealthyStable, uri, answer,
            run.Deployment?.DeploymentId ?? "?", verdict.Window.TotalSeconds, verdict.Probes));
    }

    private async Task<IReadOnlyList<RailwayLogLine>> ReadTailAsync(string deploymentId, RailwayLogType type, int lines, CancellationToken cancellationToken)
    {
        if (lines <= 0)
        {
            return Array.Empty<RailwayLogLine>();
        }
        try
        {
            return await client.Logs.GetAsync(deploymentId, type, new LogQuery { Limit = lines }, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException)
        {
            // The verdict is what matters; a tail that cannot be read is left empty.
            return Array.Empty<RailwayLogLine>();
        }
    }

    /// <summary>
    /// -RollbackOnFailure: the failed deployment replaced a live one, so Railway's previous deployment (the
    /// newest older one it says can be rolled back to) is made live again, waited for and tested. Whatever
    /// happens is recorded in the result; only the user's cancellation ends it early.
    /// </summary>
    private async Task<ReleaseRollback?> RollbackAsync(RunState run, CancellationToken cancellationToken)
    {
        if (run.Deployment is not { } failed || run.Environment is not { } environment)
        {
            return null;
        }
        var wentLive = run.WaitHistory.Contains(DeploymentStatus.Success)
            || failed.Status is DeploymentStatus.Success or DeploymentStatus.Crashed
            || run.Stability is not null;
        if (!wentLive)
        {
            return new ReleaseRollback { FromDeploymentId = failed.DeploymentId, Detail = ReleaseMessages.Format(ReleaseMessages.RollbackNotLive, failed.DeploymentId) };
        }
        RailwayDeployment? previous = null;
        try
        {
            var query = new DeploymentQuery
            {
                ProjectId = run.Plan.Target.Project.ProjectId,
                EnvironmentId = environment.EnvironmentId,
                ServiceId = run.Plan.Service.ServiceId,
                First = 20,
            };
            await foreach (var deployment in client.Deployments.ListAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (deployment.DeploymentId != failed.DeploymentId && deployment.CreatedAt < failed.CreatedAt && deployment.CanRollback)
                {
                    previous = deployment;
                    break;
                }
            }
            if (previous is null)
            {
                return new ReleaseRollback
                {
                    FromDeploymentId = failed.DeploymentId,
                    Detail = ReleaseMessages.Format(ReleaseMessages.RollbackNoPrevious, run.Plan.Service.Name, environment.Name),
                };
            }
            events.Report(new RailwayEvent(RailwayEventLevel.Warning, ReleaseMessages.Format(ReleaseMessages.RollbackStarted, previous.DeploymentId, Short(previous.CommitHash))));
            await client.Deployments.RollbackAsync(previous.DeploymentId, cancellationToken).ConfigureAwait(false);
            var latest = await client.Deployments.GetLatestAsync(environment.EnvironmentId, run.Plan.Service.ServiceId, cancellationToken).ConfigureAwait(false);
            var rollbackId = latest is not null && latest.DeploymentId != failed.DeploymentId && latest.CreatedAt >= failed.CreatedAt
                ? latest.DeploymentId
                : previous.DeploymentId;
            WaitOutcome? outcome = null;
            var options = new WaitOptions { Timeout = run.Plan.Request.WaitTimeout, MaxPollInterval = TimeSpan.FromSeconds(2), BuildLogLines = 0, DeployLogLines = 0 };
            await foreach (var each in new DeploymentWaiter(client, events).WaitAsync([new WaitTarget.ById(rollbackId)], options, cancellationToken).ConfigureAwait(false))
            {
                outcome = each;
            }
            if (outcome is not { Kind: WaitOutcomeKind.Succeeded })
            {
                return new ReleaseRollback
                {
                    FromDeploymentId = failed.DeploymentId,
                    ToDeploymentId = previous.DeploymentId,
                    DeploymentId = rollbackId,
                    Commit = previous.CommitHash,
                    Detail = ReleaseMessages.Format(ReleaseMessages.RollbackFailed, previous.DeploymentId,
                        outcome?.Deployment?.Status.ToWireName() ?? outcome?.Kind.ToString() ?? "?", rollbackId),
                };
            }
            var health = await CheckRollbackHealthAsync(run, environment, cancellationToken).ConfigureAwait(false);
            var healthy = health?.Healthy ?? false;
            return new ReleaseRollback
            {
                FromDeploymentId = failed.DeploymentId,
                ToDeploymentId = previous.DeploymentId,
                DeploymentId = rollbackId,
                Commit = previous.CommitHash,
                Version = health?.Version,
                Health = health,
                Succeeded = healthy,
                Detail = healthy
                    ? ReleaseMessages.Format(ReleaseMessages.RollbackLive, previous.DeploymentId, Short(previous.CommitHash), rollbackId, health!.Uri,
                        health.Version ?? health.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    : ReleaseMessages.Format(ReleaseMessages.RollbackUnhealthy, previous.DeploymentId, Short(previous.CommitHash), rollbackId,
                        health?.Uri.ToString() ?? run.Plan.Service.Name, health?.LastError ?? ReleaseMessages.Format(ReleaseMessages.TestNoDomain, run.Plan.Service.Name, environment.Name)),
            };
        }
        catch (Exception exception) when (exception is RailwayApiException or SubscriptionException or HttpRequestException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ReleaseRollback
            {
                FromDeploymentId = failed.DeploymentId,
                ToDeploymentId = previous?.DeploymentId,
                Commit = previous?.CommitHash,
                Detail = ReleaseMessages.Format(ReleaseMessages.RollbackRefused, previous?.DeploymentId ?? "?", exception.Message),
            };
        }
    }

    /// <summary>The rolled-back service's health: any healthy answer, its version reported as it is; null when the service has no URL.</summary>
    private async Task<HealthCheckResult?> CheckRollbackHealthAsync(RunState run, RailwayEnvironment environment, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        if (run.Url is null)
        {
            var domains = await client.Domains.ListAsync(plan.Target.Project.ProjectId, environment.EnvironmentId, plan.Service.ServiceId, cancellationToken).ConfigureAwait(false);
            run.Url = ServiceHealthTarget.PickDomain(domains)?.Url;
            if (run.Url is null)
            {
                return null;
            }
        }
        run.HealthPath ??= await HealthPathResolver.ResolveAsync(client, plan.Request.HealthPath, environment.EnvironmentId, environment.Name,
            plan.Service.ServiceId, plan.Repository.Root, cancellationToken).ConfigureAwait(false);
        var uri = ServiceHealthTarget.Combine(run.Url, run.HealthPath.Path);
        using var probe = new HealthProbe(events);
        return await probe.CheckAsync(new HealthProbeOptions(uri)
        {
            Timeout = run.Plan.Request.HealthTimeout,
            RetryInterval = run.Plan.Request.HealthRetryInterval,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A run that shipped nothing says so: the release was already live, or Railway deployed nothing.</summary>
    private void WarnIfNothingShipped(RunState run)
    {
        var outcome = run.Outcome(declined: false);
        var message = outcome switch
        {
            ReleaseRunOutcome.AlreadyLive => ReleaseMessages.Format(ReleaseMessages.NothingShipped, Short(run.Plan.HeadSha), run.Plan.Facts.HeadSubject,
                run.Plan.TargetVersion?.ToString() ?? "no version", run.Environment?.Name, run.Deployment?.DeploymentId),
            ReleaseRunOutcome.NothingDeployed => ReleaseMessages.Format(ReleaseMessages.NothingDeployed,
                run.Recorder.Stages.First(s => s.Name == ReleaseStageName.Wait).Detail),
            _ => null,
        };
        if (message is not null)
        {
            events.Report(new RailwayEvent(RailwayEventLevel.Warning, message));
        }
    }

    private static string Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha ?? string.Empty;
}
