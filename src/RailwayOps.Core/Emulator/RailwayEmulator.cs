using System.Diagnostics;
using RailwayOps.Core.Auth;

namespace RailwayOps;

/// <summary>A running local Railway emulator started by Start-RailwayEmulator.</summary>
public sealed class RailwayEmulator
{
    private readonly string? accountToken;
    private readonly string? gitHubToken;

    internal RailwayEmulator(
        Uri graphQLUrl,
        Uri gitHubApiUrl,
        Uri adminUrl,
        string stateDirectory,
        bool stateIsTemporary,
        Process process,
        string? accountToken,
        string? gitHubToken,
        IReadOnlyList<RailwayEmulatorRepository>? repositories = null)
    {
        Repositories = repositories ?? Array.Empty<RailwayEmulatorRepository>();
        GraphQLUrl = graphQLUrl;
        GitHubApiUrl = gitHubApiUrl;
        AdminUrl = adminUrl;
        StateDirectory = stateDirectory;
        StateIsTemporary = stateIsTemporary;
        Process = process;
        ProcessId = process.Id;
        this.accountToken = accountToken;
        this.gitHubToken = gitHubToken;
    }

    public Uri GraphQLUrl { get; }

    public Uri GitHubApiUrl { get; }

    public Uri AdminUrl { get; }

    /// <summary>The folder holding the emulator's state, git repositories, work folders and logs.</summary>
    public string StateDirectory { get; }

    /// <summary>
    /// True when the module created <see cref="StateDirectory"/> (started without a state directory): it is
    /// deleted when the emulator is stopped, or when this process exits. A folder the caller named is kept.
    /// </summary>
    public bool StateIsTemporary { get; }

    public int ProcessId { get; }

    /// <summary>
    /// The git repositories the emulator hosts (one per repository the seed's services name), each with
    /// the git remote to push to: <c>git remote add origin $emu.Repositories[0].Remote</c>.
    /// </summary>
    public IReadOnlyList<RailwayEmulatorRepository> Repositories { get; }

    public Process Process { get; }

    public bool HasExited
    {
        get
        {
            try
            {
                return Process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>Session defaults pointing at this emulator with the seed's first account and GitHub tokens.</summary>
    public RailwaySession CreateSession() => new()
    {
        Endpoint = GraphQLUrl,
        Credential = accountToken is null ? null : new RailwayCredential(accountToken, RailwayTokenKind.Account, ValueSource.Session),
        GitHubApiUrl = GitHubApiUrl,
        GitHubCredential = gitHubToken is null ? null : new GitHubCredential(gitHubToken, ValueSource.Session),
    };

    public override string ToString() => GraphQLUrl.ToString();
}
