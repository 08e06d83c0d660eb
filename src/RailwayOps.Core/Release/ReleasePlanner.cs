using RailwayOps.Core.Events;
using RailwayOps.Core.Git;
using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Versioning;

namespace RailwayOps.Core.Release;

/// <summary>
/// Inspects the repository, Railway and GitHub, read-only, and returns the <see cref="ReleasePlan"/>.
/// Everything that would make a run fail before it deploys (a repository that cannot be released from, a
/// service or an environment that cannot be told) is found here, so a refusal changes nothing.
/// </summary>
public sealed class ReleasePlanner
{
    private readonly RailwayClient client;
    private readonly IRailwayEventSink events;

    public ReleasePlanner(RailwayClient client, IRailwayEventSink events)
    {
        this.client = client;
        this.events = events;
    }

    /// <summary>Plans a run while holding the repository's lock; the plan owns the lock until it is disposed.</summary>
    /// <exception cref="ReleaseException">The repository cannot be released from now, or no service or environment follows.</exception>
    public async Task<ReleasePlan> PlanAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireRemoteName(request.Remote);
        var repository = await OpenAsync(request.Path, cancellationToken).ConfigureAwait(false);
        var gitDirectory = await Git(() => repository.GetCommonGitDirectoryAsync(cancellationToken)).ConfigureAwait(false);
        var repositoryLock = RepositoryLock.Acquire(gitDirectory, repository.Root);
        try
        {
            return await PlanLockedAsync(request, repository, repositoryLock, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            repositoryLock.Dispose();
            throw;
        }
    }

    private async Task<ReleasePlan> PlanLockedAsync(ReleaseRequest request, GitRepository repository, RepositoryLock repositoryLock, CancellationToken cancellationToken)
    {
        var (branch, remoteUrl, defaultBranch, head, noRemote) = await InspectRepositoryAsync(repository, request, cancellationToken).ConfigureAwait(false);
        var status = await Git(() => repository.GetStatusAsync(cancellationToken)).ConfigureAwait(false);
        var unmerged = status.Where(e => e.IsUnmerged).Select(e => e.Path).ToList();
        if (unmerged.Count > 0)
        {
            throw new ReleaseException(ReleaseFailureKind.OperationInProgress,
                ReleaseMessages.Format(ReleaseMessages.UnmergedPaths, unmerged.Count, repository.Root, string.Join(", ", unmerged.Take(5))));
        }
        var secrets = SecretFileGuard.FindSecrets(status.Where(e => e.IndexStatus != 'D' && e.WorkTreeStatus != 'D').Select(e => e.Path));

        VersionSource? source = null;
        VersionException? versionError = null;
        try
        {
            source = VersionSourceLocator.Locate(repository.Root, request.VersionFile, cancellationToken);
        }
        catch (VersionException exception) when (request.Bump.Mode != BumpMode.None || request.VersionFile is not null)
        {
            versionError = exception;
        }
        catch (VersionSourceNotFoundException)
        {
            // -NoBump in a repository that declares no version: the health check then accepts any version.
        }

        var facts = await Git(() => GatherFactsAsync(repository, request, source, status, branch, head, noRemote is null, cancellationToken)).ConfigureAwait(false);
        var decision = ResumePlanner.Decide(facts, request.Bump, request.MessageGiven ? request.Message : null);
        Report(decision.Explanation);

        VersionBumpPlan? bump = null;
        if (source is not null && versionError is null && decision.Version == VersionStep.Bump)
        {
            try
            {
                bump = request.Bump.Mode == BumpMode.Explicit
                    ? AppVersionBumper.Plan(source, request.Bump.Explicit!.ToString())
                    : AppVersionBumper.Plan(source, request.Bump.Part);
            }
            catch (VersionException exception)
            {
                versionError = exception;
            }
        }

        var target = bump?.NewVersion ?? facts.WorkingVersion;
        var previous = bump?.OldVersion ?? await Git(() => PreviousVersionAsync(repository, source, facts, decision, cancellationToken)).ConfigureAwait(false);
        var message = decision.Version == VersionStep.Keep || target is null
            ? request.Message
            : ReleaseCommitMessage.Format(request.Message, target);

        // The target is settled before anything changes: a branch no environment follows is refused here.
        var origin = GitHubRepositoryName.TryParse(remoteUrl, out var originName) ? originName.ToString() : null;
        var resolved = await client.Projects.ResolveTargetAsync(request.Context, cancellationToken).ConfigureAwait(false)
            ?? throw new Auth.ResolutionException(Auth.ResolutionErrorKind.ProjectRequired, ReleaseMessages.ProjectRequired);
        var triggers = await client.ServiceInstances.ListTriggersAsync(resolved.Project, cancellationToken).ConfigureAwait(false);
        // The named service alone is enough unless another service's trigger follows the branch (its name is then needed).
        var services = resolved.Service is { } named && !triggers.SelectMany(e => e.Triggers).Any(t => t.ServiceId != named.ServiceId && t.Branch == branch)
            ? new[] { named }
            : await ListServicesAsync(resolved, cancellationToken).ConfigureAwait(false);
        var repositoryFilter = EnvironmentSelector.RepositoryFilter(origin, triggers);
        var service = ChooseService(resolved, services, triggers, repositoryFilter);
        var choice = await ChooseEnvironmentAsync(request, resolved, service, services, triggers, repositoryFilter, branch, defaultBranch, origin, cancellationToken).ConfigureAwait(false);
        Report(choice.Explanation);
        if (choice.Kind == EnvironmentChoiceKind.None)
        {
            throw new ReleaseException(ReleaseFailureKind.EnvironmentNotFound, choice.Explanation);
        }

        // An upload-sourced service (no connected repository, or -Source Upload) gets the release commit's tree uploaded.
        var releaseSource = request.Source switch
        {
            ReleaseSource.Upload => ReleaseSource.Upload,
            ReleaseSource.Repository => ReleaseSource.Repository,
            _ => choice.Environment is { } chosen
                && (await client.ServiceInstances.GetSettingsAsync(chosen.EnvironmentId, service.ServiceId, cancellationToken).ConfigureAwait(false)).SourceRepo is null
                    ? ReleaseSource.Upload
                    : ReleaseSource.Repository,
        };
        if (noRemote is not null && releaseSource == ReleaseSource.Repository)
        {
            // Railway deploys only what is pushed: without the remote there is nothing it could deploy.
            throw new ReleaseException(ReleaseFailureKind.RepositoryNotUsable, noRemote.Message, null, noRemote);
        }

        Report(ReleaseMessages.Format(releaseSource == ReleaseSource.Upload ? ReleaseMessages.SourceUpload : ReleaseMessages.SourceRepository, service.Name));

        // Railway's healthcheckPath came with the triggers; an environment not listed (a PR's, still to come) is read in Test.
        var healthPath = request.HealthPath is { Length: > 0 } given
            ? new HealthPathChoice(given.Trim(), HealthPathSource.Parameter)
            : choice.Environment is { } environment && triggers.FirstOrDefault(e => e.Environment.EnvironmentId == environment.EnvironmentId) is { } listed
                ? HealthPathResolver.FromSettings(listed.HealthcheckPaths.GetValueOrDefault(service.ServiceId), repository.Root, environment.Name)
                : null;

        return new ReleasePlan
        {
            Request = request,
            Repository = repository,
            Lock = repositoryLock,
            Branch = branch,
            DefaultBranch = defaultBranch,
            HeadSha = head,
            HasRemote = noRemote is null,
            Source = releaseSource,
            Facts = facts,
            Decision = decision,
            VersionSource = source,
            Bump = bump,
            VersionError = versionError,
            TargetVersion = target,
            PreviousVersion = previous,
            CommitMessage = message,
            Secrets = secrets,
            Target = resolved,
            Service = service,
            Environment = choice,
            HealthPath = healthPath,
        };
    }

    // A name starting with '-' would reach git as an option (--upload-pack=... runs a command).
    private static void RequireRemoteName(string remote)
    {
        if (string.IsNullOrWhiteSpace(remote) || remote.StartsWith('-') || remote.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ReleaseException(ReleaseFailureKind.InvalidRemote, ReleaseMessages.Format(ReleaseMessages.InvalidRemote, Printable(remote)));
        }
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static async Task<GitRepository> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var repository = await Git(() => GitRepository.OpenAsync(path, cancellationToken)).ConfigureAwait(false);
        if (!await Git(() => repository.HasCommitsAsync(cancellationToken)).ConfigureAwait(false))
        {
            throw new ReleaseException(ReleaseFailureKind.RepositoryNotUsable, ReleaseMessages.Format(ReleaseMessages.NoCommits, repository.Root));
        }
        return repository;
    }

    private static async Task<(string Branch, string? RemoteUrl, string DefaultBranch, string Head, GitRemoteNotFoundException? NoRemote)> InspectRepositoryAsync(
        GitRepository repository, ReleaseRequest request, CancellationToken cancellationToken)
    {
        if (await Git(() => repository.GetOperationInProgressAsync(cancellationToken)).ConfigureAwait(false) is { } operation)
        {
            var (name, abort) = operation switch
            {
                GitOperationInProgress.Merge => ("merge", "git merge --abort"),
                GitOperationInProgress.Rebase => ("rebase", "git rebase --abort"),
                GitOperationInProgress.CherryPick => ("cherry-pick", "git cherry-pick --abort"),
                GitOperationInProgress.Revert => ("revert", "git revert --abort"),
                _ => ("bisect", "git bisect reset"),
            };
            throw new ReleaseException(ReleaseFailureKind.OperationInProgress, ReleaseMessages.Format(ReleaseMessages.OperationInProgress, name, repository.Root, abort));
        }
        return await Git(async () =>
        {
            var branch = await repository.GetCurrentBranchAsync(cancellationToken).ConfigureAwait(false);
            var head = await repository.GetHeadShaAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var remoteUrl = await repository.GetRemoteUrlAsync(request.Remote, cancellationToken).ConfigureAwait(false);
                var defaultBranch = await DefaultBranchAsync(repository, request.Remote, branch, cancellationToken).ConfigureAwait(false);
                return (branch, (string?)remoteUrl, defaultBranch, head, (GitRemoteNotFoundException?)null);
            }
            catch (GitRemoteNotFoundException noRemote)
            {
                // Only an upload can ship from here; the planner refuses it for a repository-sourced service.
                return (branch, null, branch, head, noRemote);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>A git failure while planning means the repository cannot be released from as it is.</summary>
    private static async Task<T> Git<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (GitException exception)
        {
            throw new ReleaseException(ReleaseFailureKind.RepositoryNotUsable, exception.Message, null, exception);
        }
    }

    /// <summary>
    /// The remote's default branch. An empty remote has none yet: the first push creates it from the
    /// current branch, so that branch is the default one.
    /// </summary>
    private static async Task<string> DefaultBranchAsync(GitRepository repository, string remote, string branch, CancellationToken cancellationToken)
    {
        try
        {
            return await repository.GetDefaultBranchAsync(remote, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException)
        {
            if (await IsEmptyRemoteAsync(repository, remote, cancellationToken).ConfigureAwait(false))
            {
                return branch;
            }
            throw;
        }
    }

    private static async Task<bool> IsEmptyRemoteAsync(GitRepository repository, string remote, CancellationToken cancellationToken)
    {
        var heads = await repository.RunAsync(["ls-remote", "--heads", remote], cancellationToken).ConfigureAwait(false);
        return heads.Succeeded && heads.StandardOutput.Trim().Length == 0;
    }

    private static async Task<RepositoryFacts> GatherFactsAsync(GitRepository repository, ReleaseRequest request, VersionSource? source,
        IReadOnlyList<GitStatusEntry> status, string branch, string head, bool hasRemote, CancellationToken cancellationToken)
    {
        var versionPath = source is null ? null : RepositoryPath(repository, source.File);
        var versionChanged = versionPath is not null && status.Any(e => e.Path == versionPath);
        var message = await repository.GetLastCommitMessageAsync(cancellationToken).ConfigureAwait(false);
        var isRelease = ReleaseCommitMessage.TryParse(message, out var change, out var released);
        return new RepositoryFacts
        {
            WorkingVersion = source?.Version,
            CommittedVersion = source is null ? null : await CommittedVersionAsync(repository, source, "HEAD", cancellationToken).ConfigureAwait(false),
            VersionFileChanged = versionChanged,
            OtherChanges = status.Count(e => e.Path != versionPath),
            HeadReleaseVersion = isRelease ? released : null,
            HeadReleaseChange = isRelease ? change : null,
            HeadSubject = message.Split('\n')[0].TrimEnd('\r'),
            HeadPushed = hasRemote && await repository.IsCommitOnRemoteBranchAsync(request.Remote, branch, head, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<SemanticVersion?> PreviousVersionAsync(GitRepository repository, VersionSource? source, RepositoryFacts facts,
        ResumeDecision decision, CancellationToken cancellationToken)
    {
        if (source is null || decision.Version != VersionStep.Reuse)
        {
            return facts.WorkingVersion;
        }
        return decision.Commit == CommitStep.Commit
            ? facts.CommittedVersion
            : await CommittedVersionAsync(repository, source, "HEAD~1", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version the same file declares at <paramref name="revision"/>, or null when it lacks the file or a declaration.</summary>
    private static async Task<SemanticVersion?> CommittedVersionAsync(GitRepository repository, VersionSource source, string revision, CancellationToken cancellationToken)
    {
        var result = await repository.RunAsync(["show", $"{revision}:{RepositoryPath(repository, source.File)}"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }
        var declaration = VersionDeclarationParser.Parse(source.Kind, result.StandardOutput).FirstOrDefault();
        return declaration.Literal is not null && SemanticVersion.TryParse(declaration.Literal, out var version) ? version : null;
    }

    private async Task<IReadOnlyList<RailwayService>> ListServicesAsync(ResolvedTarget resolved, CancellationToken cancellationToken)
    {
        var services = new List<RailwayService>();
        await foreach (var service in client.Projects.ListServicesAsync(resolved.Project, cancellationToken).ConfigureAwait(false))
        {
            services.Add(service);
        }
        return services;
    }

    /// <summary>The named service; else the only one; else the only one whose deploy trigger names the origin repository.</summary>
    private RailwayService ChooseService(ResolvedTarget resolved, IReadOnlyList<RailwayService> services,
        IReadOnlyList<RailwayEnvironmentTriggers> triggers, string? repository)
    {
        if (resolved.Service is { } named)
        {
            return named;
        }
        if (services.Count == 1)
        {
            return services[0];
        }
        var names = string.Join(", ", services.Select(s => s.Name));
        if (services.Count == 0)
        {
            throw new ReleaseException(ReleaseFailureKind.ServiceRequired, ReleaseMessages.Format(ReleaseMessages.ServiceNone, resolved.Project.Name));
        }
        if (repository is null)
        {
            throw new ReleaseException(ReleaseFailureKind.ServiceRequired,
                ReleaseMessages.Format(ReleaseMessages.ServiceRequired, resolved.Project.Name, services.Count, names));
        }
        var deploying = triggers.SelectMany(e => e.Triggers)
            .Where(t => string.Equals(t.Repository, repository, StringComparison.OrdinalIgnoreCase))
            .Select(t => t.ServiceId)
            .Distinct()
            .Select(id => services.FirstOrDefault(s => s.ServiceId == id))
            .OfType<RailwayService>()
            .ToList();
        if (deploying.Count != 1)
        {
            throw new ReleaseException(ReleaseFailureKind.ServiceRequired,
                ReleaseMessages.Format(ReleaseMessages.ServiceRequiredRepository, resolved.Project.Name, services.Count, names, repository));
        }
        Report(ReleaseMessages.Format(ReleaseMessages.ServiceFromRepository, deploying[0].Name, resolved.Project.Name, repository));
        return deploying[0];
    }

    private async Task<EnvironmentChoice> ChooseEnvironmentAsync(ReleaseRequest request, ResolvedTarget resolved, RailwayService service,
        IReadOnlyList<RailwayService> services, IReadOnlyList<RailwayEnvironmentTriggers> triggers, string? repository,
        string branch, string defaultBranch, string? origin, CancellationToken cancellationToken)
    {
        var explicitEnvironment = request.Environment is null
            ? null
            : await client.Environments.ResolveAsync(resolved.Project, request.Environment, cancellationToken).ConfigureAwait(false);
        var isTracked = EnvironmentSelector.Tracking(branch, service.ServiceId, repository, triggers).Count > 0;

        int? pullRequest = null;
        if (EnvironmentSelector.NeedsPullRequest(branch, defaultBranch, explicitEnvironment is not null, isTracked)
            && origin is not null && GitHubRepositoryName.TryParse(origin, out var gitHubRepository))
        {
            var locator = new PullRequestLocator(request.Context.GitHubApiUrl.Value, request.Context.GitHubCredential);
            pullRequest = await locator.FindOpenAsync(gitHubRepository, branch, cancellationToken).ConfigureAwait(false);
        }
        return EnvironmentSelector.Decide(branch, defaultBranch, explicitEnvironment, pullRequest, triggers, resolved.Environment,
            service, repository, services);
    }

    private static string RepositoryPath(GitRepository repository, string file) =>
        Path.GetRelativePath(repository.Root, file).Replace('\\', '/');

    private void Report(string message) => events.Report(new RailwayEvent(RailwayEventLevel.Verbose, message));
}
