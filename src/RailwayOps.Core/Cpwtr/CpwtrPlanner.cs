using RailwayOps.Core.Events;
using RailwayOps.Core.Git;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Versioning;

namespace RailwayOps.Core.Cpwtr;

/// <summary>Inspects the repository, Railway and GitHub, read-only, and returns the <see cref="CpwtrPlan"/>.</summary>
public sealed class CpwtrPlanner
{
    private readonly RailwayClient client;
    private readonly IRailwayEventSink events;

    public CpwtrPlanner(RailwayClient client, IRailwayEventSink events)
    {
        this.client = client;
        this.events = events;
    }

    /// <exception cref="CpwtrException">The repository cannot be released from, or no service is named.</exception>
    public async Task<CpwtrPlan> PlanAsync(CpwtrRequest request, CancellationToken cancellationToken)
    {
        var (repository, branch, remoteUrl, defaultBranch, head) = await OpenRepositoryAsync(request, cancellationToken).ConfigureAwait(false);
        var status = await repository.GetStatusAsync(cancellationToken).ConfigureAwait(false);
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

        var facts = await GatherFactsAsync(repository, request, source, status, branch, head, cancellationToken).ConfigureAwait(false);
        var decision = ResumePlanner.Decide(facts, request.Bump);
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
        var previous = bump?.OldVersion ?? await PreviousVersionAsync(repository, source, facts, decision, cancellationToken).ConfigureAwait(false);
        var message = decision.Version == VersionStep.Keep || target is null
            ? request.Message
            : ReleaseCommitMessage.Format(request.Message, target);

        var (resolved, service) = await ResolveServiceAsync(request, cancellationToken).ConfigureAwait(false);
        var (choice, environmentError) = await ChooseEnvironmentAsync(request, resolved, repository, branch, defaultBranch, remoteUrl, cancellationToken).ConfigureAwait(false);
        Report(choice.Explanation);

        return new CpwtrPlan
        {
            Request = request,
            Repository = repository,
            Branch = branch,
            DefaultBranch = defaultBranch,
            HeadSha = head,
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
            EnvironmentError = environmentError,
            HealthPath = request.HealthPath ?? Health.ServiceHealthTargetConfig.FindHealthPath(repository.Root, choice.Environment?.Name).Path,
        };
    }

    private static async Task<(GitRepository, string, string, string, string)> OpenRepositoryAsync(CpwtrRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var repository = await GitRepository.OpenAsync(request.Path, cancellationToken).ConfigureAwait(false);
            var branch = await repository.GetCurrentBranchAsync(cancellationToken).ConfigureAwait(false);
            var remoteUrl = await repository.GetRemoteUrlAsync(request.Remote, cancellationToken).ConfigureAwait(false);
            var defaultBranch = await DefaultBranchAsync(repository, request.Remote, branch, cancellationToken).ConfigureAwait(false);
            var head = await repository.GetHeadShaAsync(cancellationToken).ConfigureAwait(false);
            return (repository, branch, remoteUrl, defaultBranch, head);
        }
        catch (GitException exception)
        {
            throw new CpwtrException(CpwtrFailureKind.RepositoryNotUsable, exception.Message, null, exception);
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

    private static async Task<RepositoryFacts> GatherFactsAsync(GitRepository repository, CpwtrRequest request, VersionSource? source,
        IReadOnlyList<GitStatusEntry> status, string branch, string head, CancellationToken cancellationToken)
    {
        var versionPath = source is null ? null : RepositoryPath(repository, source.File);
        var versionChanged = versionPath is not null && status.Any(e => e.Path == versionPath);
        var message = await repository.GetLastCommitMessageAsync(cancellationToken).ConfigureAwait(false);
        return new RepositoryFacts
        {
            WorkingVersion = source?.Version,
            CommittedVersion = source is null ? null : await CommittedVersionAsync(repository, source, "HEAD", cancellationToken).ConfigureAwait(false),
            VersionFileChanged = versionChanged,
            OtherChanges = status.Count(e => e.Path != versionPath),
            HeadReleaseVersion = ReleaseCommitMessage.TryParse(message, out _, out var released) ? released : null,
            HeadPushed = await repository.IsCommitOnRemoteBranchAsync(request.Remote, branch, head, cancellationToken).ConfigureAwait(false),
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

    private async Task<(ResolvedTarget, RailwayService)> ResolveServiceAsync(CpwtrRequest request, CancellationToken cancellationToken)
    {
        var resolved = await client.ResolveTargetAsync(request.Context, cancellationToken).ConfigureAwait(false)
            ?? throw new Auth.ResolutionException(Auth.ResolutionErrorKind.ProjectRequired, CpwtrMessages.ProjectRequired);
        if (resolved.Service is { } named)
        {
            return (resolved, named);
        }
        var services = new List<RailwayService>();
        await foreach (var service in client.GetServicesAsync(resolved.Project, cancellationToken).ConfigureAwait(false))
        {
            services.Add(service);
        }
        return services.Count == 1
            ? (resolved, services[0])
            : throw new CpwtrException(CpwtrFailureKind.ServiceRequired,
                CpwtrMessages.Format(CpwtrMessages.ServiceRequired, resolved.Project.Name, services.Count));
    }

    private async Task<(EnvironmentChoice, CpwtrException?)> ChooseEnvironmentAsync(CpwtrRequest request, ResolvedTarget resolved,
        GitRepository repository, string branch, string defaultBranch, string remoteUrl, CancellationToken cancellationToken)
    {
        var environments = new List<RailwayEnvironment>();
        await foreach (var environment in client.GetEnvironmentsAsync(resolved.Project, null, cancellationToken).ConfigureAwait(false))
        {
            environments.Add(environment);
        }
        var explicitEnvironment = request.Environment is null
            ? null
            : await client.ResolveEnvironmentAsync(resolved.Project, request.Environment, cancellationToken).ConfigureAwait(false);

        int? pullRequest = null;
        CpwtrException? error = null;
        if (EnvironmentSelector.NeedsPullRequest(branch, defaultBranch, explicitEnvironment is not null)
            && GitHubRepositoryName.TryParse(remoteUrl, out var gitHubRepository))
        {
            try
            {
                var locator = new PullRequestLocator(request.Context.GitHubApiUrl.Value, request.Context.GitHubCredential);
                pullRequest = await locator.FindOpenAsync(gitHubRepository, branch, cancellationToken).ConfigureAwait(false);
            }
            catch (CpwtrException exception)
            {
                error = exception;
            }
        }
        var choice = EnvironmentSelector.Decide(branch, defaultBranch, explicitEnvironment, pullRequest, environments, resolved.Environment);
        return (choice, error);
    }

    private static string RepositoryPath(GitRepository repository, string file) =>
        Path.GetRelativePath(repository.Root, file).Replace('\\', '/');

    private void Report(string message) => events.Report(new RailwayEvent(RailwayEventLevel.Verbose, message));
}
