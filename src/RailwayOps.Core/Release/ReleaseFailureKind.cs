namespace RailwayOps.Core.Release;

/// <summary>Why a release-loop run failed; each kind has its own ErrorId in the cmdlet layer.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum ReleaseFailureKind
{
    /// <summary>The repository cannot be released from: not a git repository, detached HEAD, no such remote.</summary>
    RepositoryNotUsable,
    /// <summary>The project has several services and none was named.</summary>
    ServiceRequired,

    /// <summary>-Remote is not a remote name (it would be read as a git option).</summary>
    InvalidRemote,

    /// <summary>A merge, rebase, cherry-pick, revert or bisect is stopped half way, or conflicts are unresolved.</summary>
    OperationInProgress,

    /// <summary>Another release-loop run holds the repository.</summary>
    RepositoryBusy,
    VersionFailed,
    SecretFileRefused,
    CommitFailed,
    PushRejected,
    PushFailed,

    /// <summary>No environment follows the branch: not the default branch, no open pull request, none tracks it.</summary>
    EnvironmentNotFound,
    DeploymentNeverAppeared,
    DeploymentFailed,

    /// <summary>Railway skipped the deployment (watch patterns did not match, or Wait-for-CI failed).</summary>
    DeploymentSkipped,

    /// <summary>The deployment waits for approval (NEEDS_APPROVAL).</summary>
    DeploymentNeedsApproval,
    WaitTimedOut,
    HealthFailed,
    VersionMismatch,

    /// <summary>Railway removed the deployment before it went live and nothing replaced it (a restart cut it off, or it was cancelled).</summary>
    DeploymentInterrupted,

    /// <summary>A newer deployment replaced this one before it went live.</summary>
    DeploymentSuperseded,

    /// <summary>It went live and answered, then crashed, restarted, stopped or stopped answering in the stability window.</summary>
    DeploymentUnstable,

    /// <summary>A Railway request inside a stage failed (see <see cref="RailwayOps.ReleaseResult.RailwayErrorKind"/>).</summary>
    RailwayRequestFailed,

    /// <summary>Anything else went wrong inside a stage; the reason names it.</summary>
    StageFailed,

    /// <summary>The upload of the release commit's tree was refused or failed (an upload-sourced service); a rerun uploads again.</summary>
    UploadFailed,
}

/// <summary>A release-loop run failed; <see cref="Result"/> says which stage and what to run next.</summary>
public sealed class ReleaseException : Exception
{
    public ReleaseException(ReleaseFailureKind kind, string message, ReleaseResult? result = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Result = result;
    }

    public ReleaseFailureKind Kind { get; }

    public ReleaseResult? Result { get; }
}
