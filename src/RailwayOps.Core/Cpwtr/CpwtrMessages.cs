using System.Globalization;

namespace RailwayOps.Core.Cpwtr;

/// <summary>Every user-facing text of the release loop; format items are noted where not obvious.</summary>
internal static class CpwtrMessages
{
    public const string DefaultChange = "Release";

    public const string ResumeNoBump = "-NoBump: the version is left as it is.";
    public const string ResumeUncommittedBump = "The working tree already declares {0}, not yet committed: an earlier run bumped it, so it is reused.";
    public const string ResumeUnpushedRelease = "HEAD is the release commit of {0} and the remote lacks it: resuming at Push.";
    public const string ResumePushedRelease = "HEAD is the release commit of {0} and already pushed: resuming at Wait.";
    public const string ResumeNewRelease = "A new release: bump, commit, push, wait, test.";

    public const string EnvironmentExplicit = "-Environment names '{0}'.";
    public const string EnvironmentProduction = "'{0}' is the default branch: it deploys to '{1}'.";
    public const string EnvironmentNoProduction = "'{0}' is the default branch, but the project has no environment named production; pass -Environment.";
    public const string EnvironmentPullRequest = "'{0}' has open pull request #{1}: its environment is '{2}'.";
    public const string EnvironmentPullRequestPending = "'{0}' has open pull request #{1}; its environment does not exist yet.";
    public const string EnvironmentTracked = "Environment '{1}' tracks branch '{0}'.";
    public const string EnvironmentNone = "No environment follows branch '{0}': it is not the default branch ('{1}'), has no open pull request and no environment tracks it.";
    public const string PullRequestLookupFailed = "Could not look up the open pull request of '{0}' in {1}: {2}";
    public const string PullRequestEnvironmentNeverAppeared = "Pull request #{0} has no Railway environment after {1:0} s.";

    public const string ProjectRequired = "Invoke-Cpwtr needs a Railway project: pass -Project, set RAILWAY_PROJECT_ID, link the folder with 'railway link', or run Connect-Railway -Project.";
    public const string ServiceRequired = "Project '{0}' has {1} services; name the one to release with -Service (or RAILWAY_SERVICE_ID, or railway link).";

    public const string StageActivity = "Invoke-Cpwtr";
    public const string StageProgress = "{0} ({1}/5): {2}";
    public const string StageFinished = "{0}: {1} in {2:0.0} s. {3}";
    public const string StageNotReached = "Not run: {0} failed.";
    public const string StageDeclined = "Not run: declined.";

    public const string VersionBumped = "{0}: {1} -> {2}";
    public const string VersionReused = "{0} (written by an earlier run)";
    public const string VersionKept = "-NoBump: {0}";
    public const string VersionKeptNone = "-NoBump";
    public const string VersionNotWrittenSecrets = "Not bumped: the commit would be refused.";
    public const string SecretsRefused = "Refusing to commit {0} file(s) that look like secrets: {1}. Add them to .gitignore, or pass -Force to commit them anyway.";
    public const string Committed = "{0} \"{1}\"";
    public const string CommitAlreadyDone = "HEAD {0} \"{1}\"";
    public const string CommitNotNeeded = "Nothing to commit; releasing HEAD {0}.";
    public const string CommitFailed = "The commit failed: {0}";
    public const string CommitFailedRestored = "The commit failed: {0} The version file is back to {1}.";
    public const string Pushed = "{0} -> {1}/{2}";
    public const string PushAlreadyDone = "{1}/{2} already has {0}.";
    public const string WaitLive = "Deployment {0} is live in {1} ({2:0.0} s).";
    public const string WaitAlreadyLive = "Deployment {0} was already live in {1}.";
    public const string WaitOutcome = "Deployment {0} of {1} in {2} ended {3}.";
    public const string WaitNeverAppeared = "No deployment of {0} appeared in {1} within {2:0} s. Railway deploys only the branch an environment tracks and commits that match its watch patterns.";
    public const string WaitTimedOut = "Deployment {0} of {1} in {2} did not finish within {3:0} s (last status {4}).";
    public const string TestHealthy = "{0} answered {1}.";
    public const string TestNoDomain = "Service '{0}' has no domain in '{1}', so there is no URL to test.";
    public const string TestMismatch = "{0} reports version {1}, not {2}.";
    public const string TestUnhealthy = "{0} is not healthy: {1}";

    public const string NextPullRebase = "git pull --rebase {0} {1}; Invoke-Cpwtr";
    public const string NextPushFailed = "git push {0} {1}; Invoke-Cpwtr";
    public const string NextSecrets = "Add the file(s) to .gitignore (or remove them), then Invoke-Cpwtr; or Invoke-Cpwtr -Force";
    public const string NextCommit = "git status; fix what made the commit fail, then Invoke-Cpwtr";
    public const string NextVersion = "Step-RailwayAppVersion -WhatIf";
    public const string NextEnvironment = "Open a pull request for '{0}' (or pass -Environment), then Invoke-Cpwtr: it resumes at Wait.";
    public const string NextFailed = "Get-RailwayDeploymentLog -DeploymentId {0} -Type Deploy; fix it, then Invoke-Cpwtr -Message '<fix>'";
    public const string NextSkipped = "Change a file the service watches (railway.toml watchPatterns), then Invoke-Cpwtr";
    public const string NextApproval = "Approve deployment {0} in Railway, then Invoke-Cpwtr: it resumes at Wait.";
    public const string NextNeverAppeared = "Get-RailwayDeployment -Environment {0} -Service {1} -First 5; then Invoke-Cpwtr: it resumes at Wait.";
    public const string NextWaitAgain = "Invoke-Cpwtr: it resumes at Wait.";
    public const string NextTestAgain = "Test-RailwayHealth -Uri {0} -ExpectedVersion {1}; or Invoke-Cpwtr: it resumes at Wait and Test.";

    public const string ActionBump = "Write version {0} (was {1})";
    public const string ActionCommit = "git add -A; git commit -m \"{0}\"";
    public const string ActionPush = "git push {0} {1}";
    public const string ActionWait = "Wait for the deployment of the pushed commit in {0}";
    public const string ActionTest = "GET {0} until it reports version {1}";

    public static string Format(string format, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments);
}
