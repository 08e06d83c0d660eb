namespace RailwayOps.Core.Git;

/// <summary>A git command failed. <see cref="Command"/> and <see cref="StandardError"/> never hold credentials.</summary>
public class GitException : Exception
{
    public GitException(string message, string command, int exitCode, string standardError, Exception? innerException = null)
        : base(message, innerException)
    {
        Command = command;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The command line as run, with URL credentials redacted.</summary>
    public string Command { get; }

    /// <summary>Git's exit code, or -1 when git could not be started.</summary>
    public int ExitCode { get; }

    /// <summary>Git's own error text, with URL credentials redacted.</summary>
    public string StandardError { get; }

    internal static string Describe(string command, int exitCode, string standardError)
    {
        var detail = standardError.Trim();
        return detail.Length == 0
            ? GitMessages.Format(GitMessages.CommandFailed, command, exitCode)
            : GitMessages.Format(GitMessages.CommandFailedWithDetail, command, exitCode, detail);
    }
}

/// <summary>The git executable is not installed or not on PATH.</summary>
public sealed class GitNotFoundException : GitException
{
    public GitNotFoundException(string command, Exception innerException)
        : base(GitMessages.Format(GitMessages.NotFound, innerException.Message), command, -1, string.Empty, innerException)
    {
    }
}

/// <summary>The path is not inside a git working tree.</summary>
public sealed class NotAGitRepositoryException : GitException
{
    public NotAGitRepositoryException(string path, string command, int exitCode, string standardError)
        : base(GitMessages.Format(GitMessages.NotARepository, path), command, exitCode, standardError)
    {
        Path = path;
    }

    public string Path { get; }
}

/// <summary>HEAD points at a commit, not a branch, so there is no branch to commit to and push.</summary>
public sealed class DetachedHeadException : GitException
{
    public DetachedHeadException(string repositoryRoot, string command, int exitCode, string standardError)
        : base(GitMessages.Format(GitMessages.DetachedHead, repositoryRoot), command, exitCode, standardError)
    {
        RepositoryRoot = repositoryRoot;
    }

    public string RepositoryRoot { get; }
}

/// <summary>A commit was requested but nothing is staged; git would refuse, and an empty commit is never made.</summary>
public sealed class NothingToCommitException : GitException
{
    public NothingToCommitException(string repositoryRoot, string command)
        : base(GitMessages.Format(GitMessages.NothingToCommit, repositoryRoot), command, 1, string.Empty)
    {
        RepositoryRoot = repositoryRoot;
    }

    public string RepositoryRoot { get; }
}

/// <summary>The named remote is not configured.</summary>
public sealed class GitRemoteNotFoundException : GitException
{
    public GitRemoteNotFoundException(string remote, string command, int exitCode, string standardError)
        : base(GitMessages.Format(GitMessages.RemoteNotFound, remote), command, exitCode, standardError)
    {
        Remote = remote;
    }

    public string Remote { get; }
}

/// <summary>Why a push was refused.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum PushRejectionKind
{
    /// <summary>The remote has commits the local branch lacks ("non-fast-forward", "fetch first"): pull or rebase, then push.</summary>
    NonFastForward,

    /// <summary>The remote refused the update itself (a hook, branch protection).</summary>
    RemoteRejected,
}

/// <summary>The remote refused the push; the local commits are untouched.</summary>
public sealed class PushRejectedException : GitException
{
    public PushRejectedException(string remote, string branch, PushRejectionKind kind, string reason, string command, int exitCode, string standardError)
        : base(BuildMessage(remote, branch, kind, reason), command, exitCode, standardError)
    {
        Remote = remote;
        Branch = branch;
        Kind = kind;
        Reason = reason;
    }

    public string Remote { get; }
    public string Branch { get; }
    public PushRejectionKind Kind { get; }

    /// <summary>Git's reason as printed, e.g. "non-fast-forward", "fetch first", "pre-receive hook declined".</summary>
    public string Reason { get; }

    private static string BuildMessage(string remote, string branch, PushRejectionKind kind, string reason) => kind switch
    {
        PushRejectionKind.NonFastForward => GitMessages.Format(GitMessages.PushRejectedNonFastForward, remote, branch, reason),
        _ => GitMessages.Format(GitMessages.PushRejected, remote, branch, reason),
    };
}
