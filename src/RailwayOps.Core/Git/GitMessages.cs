namespace RailwayOps.Core.Git;

/// <summary>Every user-facing text of the git wrapper; format items are noted per entry. None receives a credential.</summary>
internal static class GitMessages
{
    /// <summary>{0} command, {1} exit code.</summary>
    public const string CommandFailed = "'{0}' failed with exit code {1}.";

    /// <summary>{0} command, {1} exit code, {2} git's error text.</summary>
    public const string CommandFailedWithDetail = "'{0}' failed with exit code {1}: {2}";

    /// <summary>{0} why the process could not start.</summary>
    public const string NotFound = "git could not be started ({0}); install git and make sure it is on PATH.";

    /// <summary>{0} folder.</summary>
    public const string WorkingDirectoryMissing = "The folder {0} does not exist, so git cannot run in it.";

    /// <summary>{0} path.</summary>
    public const string NotARepository = "{0} is not inside a git repository (or it is inside the .git folder itself).";

    /// <summary>{0} path.</summary>
    public const string PathMissing = "{0} does not exist.";

    /// <summary>{0} repository root.</summary>
    public const string DetachedHead = "The repository {0} has a detached HEAD; switch to a branch first (git switch <branch>).";

    /// <summary>{0} repository root.</summary>
    public const string NothingToCommit = "Nothing is staged in {0}; no commit was made.";

    public const string CommitMessageRequired = "A commit message is required.";

    /// <summary>{0} remote.</summary>
    public const string RemoteNotFound = "The repository has no remote named '{0}' (git remote add {0} <url>).";

    /// <summary>{0} remote, {1} branch, {2} git's reason.</summary>
    public const string PushRejectedNonFastForward = "{0} rejected the push of {1} ({2}): the remote has commits this branch does not. Run 'git pull --rebase {0} {1}', then push again; the local commit is kept.";

    /// <summary>{0} remote, {1} branch, {2} git's reason.</summary>
    public const string PushRejected = "{0} rejected the push of {1} ({2}); the local commit is kept.";

    /// <summary>{0} remote.</summary>
    public const string NoDefaultBranch = "{0} did not report a default branch (its HEAD is not a branch).";

    /// <summary>{0} the value, {1} what it should name.</summary>
    public const string InvalidName = "'{0}' is not a valid {1} name.";

    public static string Format(string format, params object?[] arguments) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, arguments);
}
