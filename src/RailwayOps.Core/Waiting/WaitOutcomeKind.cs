namespace RailwayOps.Core.Waiting;

/// <summary>How a wait for one target ended.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum WaitOutcomeKind
{
    /// <summary>SUCCESS: the deployment is live.</summary>
    Succeeded,

    /// <summary>FAILED: the build or the deploy (health check included) failed.</summary>
    Failed,

    /// <summary>CRASHED: the process died after going live and the restart policy gave up.</summary>
    Crashed,

    /// <summary>REMOVED: superseded, removed or cancelled before it was live.</summary>
    Removed,

    /// <summary>SKIPPED: the commit touched no watch pattern, or Wait-for-CI failed.</summary>
    Skipped,

    /// <summary>NEEDS_APPROVAL: blocked until someone approves it.</summary>
    NeedsApproval,

    /// <summary>SLEEPING: idle (app sleeping), not failed.</summary>
    Sleeping,

    /// <summary>The wait's deadline passed first.</summary>
    TimedOut,

    /// <summary>No deployment of the commit (or of the service) appeared within the appear timeout.</summary>
    NeverAppeared,

    /// <summary>
    /// This target could not be waited for (an unknown id, a refused token, Railway unreachable):
    /// <see cref="WaitOutcome.Error"/> says why. The other targets' waits go on (Wait-Process's convention).
    /// </summary>
    Error,
}
