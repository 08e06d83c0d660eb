using System.Management.Automation;
using System.Security;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Git;
using RailwayOps.Core.GitHub;

namespace RailwayOps.Commands;

/// <summary>
/// Shows what Railway reported to GitHub for a commit: the "railway" commit statuses and the GitHub
/// Deployments of Railway's GitHub App with their latest status, one object per service and environment.
/// </summary>
[Cmdlet(VerbsCommon.Get, "RailwayCommitStatus")]
[OutputType(typeof(RailwayCommitStatus))]
public sealed class GetRailwayCommitStatusCommand : RailwayCmdlet
{
    private const string Origin = "origin";

    /// <summary>A commit SHA, branch or tag; HEAD of the repository at the current location by default.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("CommitSha", "CommitHash")]
    [ValidateNotNullOrEmpty]
    public string? Ref { get; set; }

    /// <summary>owner/name; by default read from the 'origin' remote of the repository at the current location.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Repo")]
    [ValidatePattern(@"^[^/\s]+/[^/\s]+$")]
    public string? Repository { get; set; }

    /// <summary>Every status context and every deployment, not only Railway's.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? GitHubToken { get; set; }

    protected override void ProcessRecord()
    {
        var context = ResolveGitHubContext();
        var location = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        var repository = Repository is not null ? RepositoryFromParameter() : RepositoryFromOrigin(location, context.GitHubApiUrl.Value);
        if (repository is null)
        {
            return;
        }

        var reference = Ref ?? HeadOf(location);
        if (reference is null)
        {
            return;
        }

        WriteVerbose(Format(CmdletText.CommitStatusTarget, repository, reference, context.GitHubApiUrl.Value,
            context.GitHubCredential?.ToString() ?? CmdletText.CommitStatusAnonymous));
        try
        {
            var reader = new CommitStatusReader(context.GitHubApiUrl.Value, context.GitHubCredential, context.HttpTimeout.Value, EventSink);
            foreach (var status in Run(token => reader.ReadAsync(repository, reference, All, token)))
            {
                WriteObject(status);
            }
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            WriteRailwayError(exception, $"{repository}@{reference}");
        }
    }

    private RailwayContext ResolveGitHubContext()
    {
        var request = new ResolutionRequest
        {
            GitHubCredential = GitHubToken is null ? null : GitHubCredential.FromSecureString(GitHubToken, ValueSource.Parameter(nameof(GitHubToken))),
            CurrentDirectory = SessionState.Path.CurrentFileSystemLocation?.ProviderPath,
        };
        try
        {
            return new ContextResolver(ProcessEnvironment.Instance).Resolve(request, SessionStore.Current);
        }
        catch (ResolutionException exception)
        {
            ThrowRailwayError(exception, null);
            throw;
        }
    }

    private GitHubRepositoryName RepositoryFromParameter()
    {
        var parts = Repository!.Split('/');
        return new GitHubRepositoryName(parts[0], parts[1]);
    }

    private GitHubRepositoryName? RepositoryFromOrigin(string location, Uri gitHubApiUrl)
    {
        try
        {
            var url = Run(async token =>
            {
                var git = await GitRepository.OpenAsync(location, token).ConfigureAwait(false);
                return await git.GetRemoteUrlAsync(Origin, token).ConfigureAwait(false);
            });

            // A folder on this machine is a GitHub repository only as a hosted bare one, and never on github.com itself.
            var onGitHubCom = gitHubApiUrl.Host.Equals(new Uri(RailwayContext.DefaultGitHubApiUrl).Host, StringComparison.OrdinalIgnoreCase);
            if (GitHubRepositoryName.IsLocalPath(url, out var looksHosted) && (!looksHosted || onGitHubCom))
            {
                WriteCommitStatusError(CmdletFailure.CommitStatusNoRepository,
                    Format(CmdletText.CommitStatusNoRepository, Format(CmdletText.CommitStatusLocalOrigin, location, url)), location);
                return null;
            }

            if (GitHubRepositoryName.TryParse(url, out var repository))
            {
                return repository;
            }

            WriteCommitStatusError(CmdletFailure.CommitStatusNoRepository,
                Format(CmdletText.CommitStatusNoRepository, Format(CmdletText.CommitStatusNoOwnerName, location)), location);
        }
        catch (GitException exception)
        {
            WriteCommitStatusError(CmdletFailure.CommitStatusNoRepository, Format(CmdletText.CommitStatusNoRepository, exception.Message), location);
        }

        return null;
    }

    private string? HeadOf(string location)
    {
        try
        {
            return Run(async token =>
            {
                var git = await GitRepository.OpenAsync(location, token).ConfigureAwait(false);
                return await git.GetHeadShaAsync(token).ConfigureAwait(false);
            });
        }
        catch (GitException exception)
        {
            WriteCommitStatusError(CmdletFailure.CommitStatusNoCommit, Format(CmdletText.CommitStatusNoCommit, location, exception.Message), location);
            return null;
        }
    }

    private void WriteCommitStatusError(CmdletFailure failure, string message, object target) =>
        WriteFailure(failure, new InvalidOperationException(message), target);
}
