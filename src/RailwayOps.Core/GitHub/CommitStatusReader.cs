using Octokit;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Git;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.GitHub;

/// <summary>
/// Reads, through Octokit, what Railway reported to GitHub about a commit: the commit statuses whose
/// context mentions Railway and the GitHub Deployments created by Railway's GitHub App, each with its
/// latest deployment status.
/// </summary>
public sealed class CommitStatusReader
{
    /// <summary>The login of the Railway GitHub App, which creates Railway's GitHub Deployments.</summary>
    public const string RailwayBotLogin = "railway-app[bot]";

    private const string RailwayContextMarker = "railway";

    private readonly GitHubClient client;
    private readonly Uri apiUrl;
    private readonly GitHubCredential? credential;
    private readonly IRailwayEventSink events;
    private readonly TimeSpan requestTimeout;

    /// <param name="apiUrl">GitHub's API URL: https://api.github.com/, or an Enterprise-style URL such as https://host/api/v3/ (the emulator's).</param>
    /// <exception cref="GitHubApiException">A token would be sent over plain http to a host that is not loopback.</exception>
    public CommitStatusReader(Uri apiUrl, GitHubCredential? credential, TimeSpan requestTimeout, IRailwayEventSink? events = null)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        this.apiUrl = apiUrl;
        this.credential = credential;
        this.events = events ?? NullEventSink.Instance;
        this.requestTimeout = requestTimeout;
        if (credential is not null && apiUrl.Scheme != Uri.UriSchemeHttps && !apiUrl.IsLoopback)
        {
            throw new GitHubApiException(GitHubApiErrorKind.InsecureEndpoint, GitHubMessages.Format(GitHubMessages.InsecureEndpoint, apiUrl));
        }

        // The same rule as for Railway's headers (RequestHeaders): a line break in the token would start a header of its own.
        if (credential is not null && Railway.Transport.RequestHeaders.FindUnsafe(credential.Token) is { } unsafeAt)
        {
            throw new GitHubApiException(GitHubApiErrorKind.InvalidToken, GitHubMessages.Format(
                Railway.Transport.TransportMessages.UnsafeToken, GitHubMessages.Format(GitHubMessages.TokenDescription, credential.Source), unsafeAt.What, unsafeAt.Index + 1));
        }

        var version = typeof(CommitStatusReader).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        client = new GitHubClient(new ProductHeaderValue("RailwayOps", version), OctokitBaseAddress(apiUrl))
        {
            Credentials = credential is null ? Credentials.Anonymous : new Credentials(credential.Token),
        };
        client.SetRequestTimeout(requestTimeout);
    }

    /// <summary>
    /// The base address Octokit wants. Octokit appends "api/v3/" to any host other than github.com, so
    /// an Enterprise-style API URL must be handed over as its host root, whatever path it carries.
    /// </summary>
    public static Uri OctokitBaseAddress(Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        return string.Equals(apiUrl.Host, "api.github.com", StringComparison.OrdinalIgnoreCase)
            || string.Equals(apiUrl.Host, "github.com", StringComparison.OrdinalIgnoreCase)
            ? GitHubClient.GitHubApiUrl
            : new Uri(apiUrl.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <param name="reference">A commit SHA, branch or tag; checked as git checks ref names, and escaped, before any request.</param>
    /// <param name="includeAll">Every status context and every deployment creator, not only Railway's.</param>
    public async Task<IReadOnlyList<RailwayCommitStatus>> ReadAsync(
        GitHubRepositoryName repository,
        string reference,
        bool includeAll,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);

        // Every path below is built from checked, escaped segments (GitHubPath): nothing else reaches a URL.
        var repositoryPath = GitHubPath.Repository(repository);
        var referencePath = GitHubPath.Reference(reference);
        var connection = new ApiConnection(client.Connection);
        var combined = await CallAsync(
            () => connection.Get<CombinedCommitStatus>(new Uri($"{repositoryPath}commits/{referencePath}/status", UriKind.Relative)),
            repository, reference, cancellationToken).ConfigureAwait(false);
        var sha = combined.Sha;
        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, GitHubMessages.Format(GitHubMessages.Reading, repository, reference, sha)));

        var statuses = combined.Statuses
            .Where(status => includeAll || (status.Context ?? string.Empty).Contains(RailwayContextMarker, StringComparison.OrdinalIgnoreCase))
            .Select(ToInput)
            .ToList();

        var endpoint = new Uri($"{repositoryPath}deployments", UriKind.Relative);
        var listed = await CallAsync(
            () => connection.GetAll<Deployment>(endpoint, new Dictionary<string, string> { ["sha"] = sha }),
            repository, reference, cancellationToken).ConfigureAwait(false);
        var ours = listed
            .Where(d => string.Equals(d.Sha, sha, StringComparison.OrdinalIgnoreCase))
            .Where(d => includeAll || string.Equals(d.Creator?.Login, RailwayBotLogin, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var deployments = await Task.WhenAll(ours.Select(async deployment =>
        {
            var statusesPath = new Uri(FormattableString.Invariant($"{repositoryPath}deployments/{deployment.Id}/statuses"), UriKind.Relative);
            var history = await CallAsync(() => connection.GetAll<Octokit.DeploymentStatus>(statusesPath), repository, reference, cancellationToken)
                .ConfigureAwait(false);
            return ToInput(deployment, history.MaxBy(status => status.Id));
        })).ConfigureAwait(false);

        events.Report(new RailwayEvent(RailwayEventLevel.Verbose, GitHubMessages.Format(GitHubMessages.Found, statuses.Count, deployments.Length)));
        return CommitStatusMatcher.Match(repository.ToString(), sha, statuses, deployments);
    }

    private static CommitStatusInput ToInput(CommitStatus status) => new(
        status.Context ?? string.Empty,
        status.State.TryParse(out var state) ? Map(state) : CommitStatusState.Error,
        status.Description,
        status.TargetUrl,
        status.UpdatedAt);

    private static DeploymentInput ToInput(Deployment deployment, Octokit.DeploymentStatus? latest)
    {
        string? serviceId = null;
        deployment.Payload?.TryGetValue("serviceId", out serviceId);
        GitHubDeploymentState? state = latest is not null && latest.State.TryParse(out var parsed) ? Map(parsed) : null;
        return new DeploymentInput(
            deployment.Id,
            deployment.Environment ?? string.Empty,
            serviceId,
            state,
            latest?.Description ?? deployment.Description,
            NullIfEmpty(latest?.EnvironmentUrl),
            NullIfEmpty(latest?.LogUrl) ?? NullIfEmpty(latest?.TargetUrl),
            latest?.UpdatedAt ?? deployment.UpdatedAt);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static CommitStatusState Map(CommitState state) => state switch
    {
        CommitState.Pending => CommitStatusState.Pending,
        CommitState.Success => CommitStatusState.Success,
        CommitState.Failure => CommitStatusState.Failure,
        _ => CommitStatusState.Error,
    };

    private static GitHubDeploymentState Map(DeploymentState state) => state switch
    {
        DeploymentState.Pending => GitHubDeploymentState.Pending,
        DeploymentState.Queued => GitHubDeploymentState.Queued,
        DeploymentState.InProgress => GitHubDeploymentState.InProgress,
        DeploymentState.Success => GitHubDeploymentState.Success,
        DeploymentState.Failure => GitHubDeploymentState.Failure,
        DeploymentState.Inactive => GitHubDeploymentState.Inactive,
        _ => GitHubDeploymentState.Error,
    };

    /// <summary>Runs one Octokit call; Ctrl+C abandons it at once (Octokit takes no token) and failures become GitHubApiException.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, GitHubRepositoryName repository, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Translate(exception, repository, reference);
        }
    }

    private Exception Translate(Exception exception, GitHubRepositoryName repository, string reference)
    {
        string Safe(string? text) => Redactor.Global.Redact(text);
        var tokenDescription = credential is null
            ? GitHubMessages.Anonymous
            : GitHubMessages.Format(GitHubMessages.TokenDescription, credential.Source);
        return exception switch
        {
            AuthorizationException auth => new GitHubApiException(GitHubApiErrorKind.Unauthorized, credential is null
                ? GitHubMessages.Format(GitHubMessages.UnauthorizedNoToken, Safe(auth.Message))
                : GitHubMessages.Format(GitHubMessages.Unauthorized, credential.Source, Safe(auth.Message))) { StatusCode = 401 },
            RateLimitExceededException limit => new GitHubApiException(GitHubApiErrorKind.RateLimited,
                GitHubMessages.Format(GitHubMessages.RateLimited, limit.Reset)) { StatusCode = (int)limit.StatusCode },
            ForbiddenException forbidden => new GitHubApiException(GitHubApiErrorKind.Forbidden,
                GitHubMessages.Format(GitHubMessages.Forbidden, tokenDescription, Safe(forbidden.Message))) { StatusCode = 403 },
            NotFoundException notFound => new GitHubApiException(GitHubApiErrorKind.RepositoryNotFound,
                GitHubMessages.Format(GitHubMessages.RepositoryNotFound, repository, tokenDescription, Safe(notFound.Message))) { StatusCode = 404 },
            ApiValidationException invalid => new GitHubApiException(GitHubApiErrorKind.CommitNotFound,
                GitHubMessages.Format(GitHubMessages.CommitNotFound, reference, repository, Safe(invalid.Message))) { StatusCode = 422 },
            ApiException api => new GitHubApiException(GitHubApiErrorKind.Other,
                GitHubMessages.Format(GitHubMessages.ApiError, (int)api.StatusCode, Safe(api.Message))) { StatusCode = (int)api.StatusCode },
            HttpRequestException transport => new GitHubApiException(GitHubApiErrorKind.Transport,
                GitHubMessages.Format(GitHubMessages.Transport, apiUrl, Safe(transport.InnerException?.Message ?? transport.Message)), transport),
            OperationCanceledException => new GitHubApiException(GitHubApiErrorKind.Timeout,
                GitHubMessages.Format(GitHubMessages.Timeout, apiUrl, requestTimeout.TotalSeconds)),
            _ => exception,
        };
    }
}
