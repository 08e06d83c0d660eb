namespace RailwayOps.Core.Waiting;

/// <summary>User-facing text of the waiter. Format items are documented at each entry.</summary>
public static class WaitMessages
{
    /// <summary>{0} label, {1} status (wire name), {2} seconds.</summary>
    public const string FirstStatus = "{0}: {1} ({2:0.0} s)";

    /// <summary>{0} label, {1} old status, {2} new status, {3} seconds.</summary>
    public const string StatusChanged = "{0}: {1} → {2} ({3:0.0} s)";

    /// <summary>{0} service/environment or id, {1} short deployment id.</summary>
    public const string Label = "{0} deployment {1}";

    /// <summary>{0} what is awaited.</summary>
    public const string Activity = "Waiting for {0}";

    /// <summary>{0} short deployment id: a deployment whose service and environment are not known yet.</summary>
    public const string UnplacedLabel = "deployment {0}";

    /// <summary>{0} status or phase, {1} seconds waited, {2} checks made, {3} "check"/"checks", {4} the deadline part.</summary>
    public const string ProgressStatus = "{0} · waited {1:0} s · {2} {3} · {4}";

    public const string CheckSingular = "status check";

    public const string CheckPlural = "status checks";

    /// <summary>{0} local time the deadline passes, {1} seconds left.</summary>
    public const string ProgressDeadline = "deadline {0:HH:mm:ss} ({1:0} s left)";

    public const string ProgressNoDeadline = "no deadline";

    public const string ProgressLookingUp = "waiting for the deployment to appear";

    public const string ProgressListening = "listening for status changes";

    /// <summary>{0} what is awaited, {1} seconds.</summary>
    public const string WaitingToAppear = "{0}: no deployment yet ({1:0.0} s).";

    /// <summary>{0} label, {1} reason, {2} poll ceiling in seconds.</summary>
    public const string SubscriptionUnavailable = "{0}: the deployment subscription is unavailable ({1}); polling every {2:0.#} s at most.";

    /// <summary>{0} label, {1} status.</summary>
    public const string Polled = "{0}: polled, {1}.";

    /// <summary>{0} label, {1} reason.</summary>
    public const string TargetFailed = "{0}: cannot be waited for ({1}); the other deployments are still awaited.";

    /// <summary>{0} label, {1} reason.</summary>
    public const string LogTailUnavailable = "{0}: the log tail could not be read ({1}).";

    /// <summary>{0} commit.</summary>
    public const string CommitTarget = "the deployment of commit {0}";

    /// <summary>{0} service id.</summary>
    public const string LatestTarget = "the latest deployment of service {0}";

    /// <summary>{0} short commit, {1} service/environment by name.</summary>
    public const string CommitTargetPlaced = "the deployment of commit {0} in {1}";

    /// <summary>{0} service/environment by name.</summary>
    public const string LatestTargetPlaced = "the latest deployment of {0}";

    /// <summary>{0} deployment id, {1} service/environment, {2} commit, {3} status (wire name), {4} seconds.</summary>
    public const string Ended = "Deployment {0} of {1}{2} ended {3} after {4:0.0} s.";

    /// <summary>{0} short commit.</summary>
    public const string CommitSuffix = " (commit {0})";

    /// <summary>{0} deployment label, {1} last status, {2} seconds.</summary>
    public const string TimedOut = "Timed out after {2:0.0} s waiting for {0}; its last status was {1}.";

    /// <summary>{0} what was awaited, {1} appear timeout in seconds.</summary>
    public const string NeverAppeared = "No deployment of {0} appeared within {1:0.#} s.";

    /// <summary>{0} service id, {1} environment id.</summary>
    public const string NeverAppearedService = "service {0} in environment {1}";

    /// <summary>{0} commit, {1} service id, {2} environment id.</summary>
    public const string NeverAppearedCommit = "commit {0} in service {1}, environment {2}";

    /// <summary>{0} commit, {1} service/environment by name ("web/production").</summary>
    public const string NeverAppearedCommitPlaced = "commit {0} in {1}";

    /// <summary>{0} how many lines are shown, {1} how many the exception holds.</summary>
    public const string BuildTailHeader = "Last {0} of {1} build log lines:";

    /// <summary>{0} how many lines are shown, {1} how many the exception holds.</summary>
    public const string DeployTailHeader = "Last {0} of {1} deploy log lines:";

    /// <summary>{0} short deployment id, {1} status, {2} until when.</summary>
    public const string FollowingLive = "Deployment {0} is live ({1}): following its log {2}.";

    /// <summary>{0} the -Until time.</summary>
    public const string FollowingUntil = "until {0:u}";

    public const string FollowingUntilStopped = "until the pipeline is stopped (Ctrl+C) or the deployment stops being live";

    public const string ProgressStarting = "starting";

    public const string ProgressEnded = "ended";
}
