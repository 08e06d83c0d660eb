using System.Globalization;

namespace RailwayOps.Core.Release;

/// <summary>Every user-facing text of the release loop; format items are noted where not obvious.</summary>
internal static class ReleaseMessages
{
    public const string DefaultChange = "Release";

    public const string ResumeNoBump = "-NoBump: the version is left as it is.";
    public const string ResumeUncommittedBump = "The working tree already declares {0}, not yet committed: an earlier run bumped it, so it is reused.";
    public const string ResumeUnpushedRelease = "HEAD is the release commit of {0} and the remote lacks it: resuming at Push.";
    public const string ResumePushedRelease = "HEAD is the release commit of {0} and already pushed: resuming at Wait.";
    public const string ResumeNewRelease = "A new release: bump, commit, push, wait, test.";
    public const string ResumeNewChange = "HEAD is the release commit of {0} (\"{1}\"); -Message names another change (\"{2}\"): a new release of the unchanged tree, bump, commit, push, wait, test.";

    public const string EnvironmentExplicit = "-Environment names '{0}'.";
    public const string EnvironmentProduction = "'{0}' is the default branch: it deploys to '{1}'.";
    public const string EnvironmentNoProduction = "'{0}' is the default branch, but the project has no environment named production; pass -Environment.";
    public const string EnvironmentPullRequest = "'{0}' has open pull request #{1}: its environment is '{2}'.";
    public const string EnvironmentPullRequestPending = "'{0}' has open pull request #{1}; its environment does not exist yet.";
    public const string EnvironmentTracked = "Environment '{1}' tracks branch '{0}': the deploy trigger of '{2}' there names it.";
    public const string EnvironmentProductionAssumed = "'{0}' is the default branch and no deploy trigger Railway shows names it: assuming '{1}' deploys it.";
    public const string EnvironmentAlsoDeploys = "The push also deploys {0}: each is waited for.";
    public const string EnvironmentNone = "No environment follows branch '{0}': no deploy trigger of '{2}' names it, it has no open pull request, and it is not the default branch ('{1}'). Nothing was changed.";
    public const string PullRequestLookupFailed = "Could not look up the open pull request of '{0}' in {1}: {2}";
    public const string PullRequestEnvironmentNeverAppeared = "Pull request #{0} has no Railway environment after {1:0} s.";

    public const string ProjectRequired = "Invoke-Cpwtr needs a Railway project: pass -Project, set RAILWAY_PROJECT_ID, link the folder with 'railway link', or run Connect-Railway -Project.";
    public const string ServiceRequired = "Project '{0}' has {1} services ({2}); name the one to release with -Service (or RAILWAY_SERVICE_ID, or railway link).";
    public const string ServiceRequiredRepository = "Project '{0}' has {1} services ({2}) and none or several deploy {3}, the origin repository; name the one to release with -Service (or RAILWAY_SERVICE_ID, or railway link).";
    public const string ServiceFromRepository = "Service '{0}' is the one service of project '{1}' whose deploy trigger names {2}, the origin repository.";
    public const string ServiceNone = "Project '{0}' has no service to release.";

    public const string NoCommits = "The repository {0} has no commits yet, so there is nothing to release. Commit your files first (git add -A; git commit -m \"First commit\"), then run Invoke-Cpwtr.";
    public const string OperationInProgress = "A {0} is in progress in {1}: a commit now would finish it with whatever the working tree holds. Finish it (or abort it: {2}) first; nothing was changed.";
    public const string UnmergedPaths = "{0} path(s) in {1} have unresolved merge conflicts ({2}); resolve them and commit the merge yourself first. Nothing was changed.";
    public const string InvalidRemote = "'{0}' is not a remote name (a name cannot start with '-' or hold spaces or control characters); pass the name of a remote such as origin.";
    public const string RepositoryBusy = "Another Invoke-Cpwtr is running in {0} (it holds {1}); wait for it to finish, then run Invoke-Cpwtr again. Nothing was changed.";
    public const string LockUnwritable = "Invoke-Cpwtr could not create its lock file {0}: {1}";

    public const string StageActivity = "Invoke-Cpwtr";
    public const string StageProgress = "{0} ({1}/5): {2}";
    public const string StageFinished = "{0}: {1} in {2:0.0} s. {3}";
    public const string StageNotReached = "Not run: {0} failed.";
    public const string StageDeclined = "Not run: declined.";

    public const string VersionBumped = "{0}: {1} -> {2}";
    public const string VersionReused = "{0}, as {1} already declares it";
    public const string VersionKept = "-NoBump: {0}";
    public const string VersionKeptNone = "-NoBump";
    public const string VersionNotWrittenSecrets = "Not bumped: the commit would be refused.";
    public const string SecretsRefused = "Refusing to commit {0} file(s) that look like secrets: {1}. Add them to .gitignore, or pass -Force to commit them anyway.";
    public const string Committed = "{0} \"{1}\"";
    public const string VersionRestored = "The version file is back to {0}.";
    public const string VersionNotRestored = "The version file was changed during the run, so it was left as it is.";
    public const string CommitAlreadyDone = "HEAD {0} \"{1}\"";
    public const string CommitNotNeeded = "Nothing to commit; releasing HEAD {0}.";
    public const string CommitFailed = "The commit failed: {0}";
    public const string CommitFailedRestored = "The commit failed: {0} The version file is back to {1}, and what you had staged is staged as it was.";
    public const string CommitFailedStaging = "The commit failed: {0} What you had staged is staged as it was.";
    public const string Pushed = "{0} -> {1}/{2}";
    public const string PushAlreadyDone = "{1}/{2} already has {0}.";
    public const string WaitLive = "Deployment {0} is live in {1} ({2:0.0} s).";
    public const string WaitAlreadyLive = "Deployment {0} was already live in {1}.";
    public const string WaitOutcome = "Deployment {0} of {1} in {2} ended {3}.";
    public const string WaitLiveAll = "Deployment {0} is live in {1} ({2:0.0} s); also live: {3}.";
    public const string WaitOtherFailed = "Deployment {0} of {1} in {2} is live, but {3} of the same push ended {4}.";
    public const string WaitSkipped = "Railway skipped deployment {0} of {1} in {2}: no changed file matches the service's watch patterns, so nothing was deployed and the previous deployment keeps serving.";
    public const string WaitInterrupted = "Deployment {0} of {1} in {2} was interrupted: Railway removed it before it went live and no newer deployment replaced it, so the previous deployment keeps serving.{3}";
    public const string WaitInterruptedLog = " Its deploy log ends: \"{0}\"";
    public const string WaitSuperseded = "Deployment {0} of {1} in {2} was removed before it went live: deployment {3} (commit {4}) replaced it.";
    public const string WaitNeverAppeared = "No deployment of {0} appeared in {1} within {2:0} s. Railway deploys only the branch an environment tracks and commits that match its watch patterns.";
    public const string WaitTimedOut = "Deployment {0} of {1} in {2} did not finish within {3:0} s (last status {4}).";
    public const string TestHealthy = "{0} answered {1}.";
    public const string TestHealthyStable = "{0} answered {1}, and deployment {2} stayed up for the {3:0} s stability window ({4} probe(s)).";
    public const string TestNotRun = "Not run: nothing was deployed.";
    public const string TestUnstable = "{0} Its health path is {1}.";
    public const string TestNoDomain = "Service '{0}' has no domain in '{1}', so there is no URL to test; make one with New-RailwayDomain -Environment '{1}' -Service '{0}'.";
    public const string TestMismatch = "{0} reports version {1}, not {2}.";
    public const string TestUnhealthy = "{0} is not healthy: {1}";

    public const string NextPullRebase = "git pull --rebase {0} {1}; Invoke-Cpwtr";
    public const string NextPushFailed = "git push {0} {1}; Invoke-Cpwtr";
    public const string NextSecrets = "Add the file(s) to .gitignore (or remove them), then Invoke-Cpwtr; or Invoke-Cpwtr -Force";
    public const string NextCommit = "git status; fix what made the commit fail, then Invoke-Cpwtr";
    public const string NextVersion = "Step-RailwayAppVersion -WhatIf";
    public const string NextEnvironment = "Open a pull request for '{0}' (or pass -Environment), then Invoke-Cpwtr: it resumes at Wait.";
    public const string NextFailed = "Get-RailwayDeploymentLog -DeploymentId {0} -Type Deploy; fix it, then Invoke-Cpwtr -Message '<fix>'";
    public const string NextInterrupted = "Redo-RailwayDeployment -DeploymentId {0}; then Invoke-Cpwtr: it resumes at Wait.";
    public const string NextSuperseded = "Get-RailwayDeployment -DeploymentId {0}; Invoke-Cpwtr -Message '<change>' to release again.";
    public const string NextUnstable = "Get-RailwayDeploymentLog -DeploymentId {0} -Type Deploy -Tail 200; fix it, then Invoke-Cpwtr -Message '<fix>'";
    public const string NextRailwayFailed = "Invoke-Cpwtr: it resumes where this run stopped.";
    public const string NextUnexpected = "git status; Invoke-Cpwtr: it resumes where this run stopped.";
    public const string NextSkipped = "Change a file the service watches (its watchPatterns), then Invoke-Cpwtr -Message '<change>'";
    public const string NextApproval = "Approve deployment {0} in Railway, then Invoke-Cpwtr: it resumes at Wait.";
    public const string NextNeverAppeared = "Get-RailwayDeployment -Environment {0} -Service {1} -First 5; then Invoke-Cpwtr: it resumes at Wait.";
    public const string NextWaitAgain = "Invoke-Cpwtr: it resumes at Wait.";
    public const string NextTestAgain = "Test-RailwayHealth -Uri {0} -ExpectedVersion {1}; or Invoke-Cpwtr: it resumes at Wait and Test.";

    public const string ActionBump = "Write version {0} (was {1})";
    public const string ActionCommit = "git add -A; git commit -m \"{0}\"";
    public const string ActionPush = "git push {0} {1}";
    public const string ActionPushNoRemote = "Skip the push: the repository has no remote '{0}' (the upload ships the release commit)";
    public const string ActionUploadWait = "Upload the release commit's tree (git archive) and wait for its deployment in {0}";
    public const string PushSkippedNoRemote = "Not pushed: the repository has no remote '{0}'; the release commit {1} stays local and its tree is uploaded.";
    public const string SourceUpload = "Service {0} ships by upload: the release commit's tree is uploaded (no connected repository, or -Source Upload).";
    public const string SourceRepository = "Service {0} ships by push: Railway deploys the pushed commit.";
    public const string UploadMessage = "{0} (release commit {1})";
    public const string UploadSent = "Uploaded the tree of {0} (git archive, {1} bytes): deployment {2}.";
    public const string UploadReused = "Deployment {0} of the tree of {1} was uploaded by an earlier run ({2}): waiting for it, not uploading again.";
    public const string UploadFailed = "The upload of {0}'s tree failed: {1}";
    public const string NextUploadAgain = "Invoke-Cpwtr  # uploads the release commit's tree again";
    public const string ActionWait = "Wait for the deployment of the pushed commit in {0}";
    public const string ActionTest = "GET {0} until it reports version {1}";
    public const string ActionTestStable = "GET {0} until it reports version {1}, then watch it for {2:0} s";

    public const string StageRailwayFailed = "{0} Railway could not be asked: {1}";
    public const string StageTimedOut = "{0} No answer from Railway in time: {1}";
    public const string StageUnexpected = "{0} An unexpected {1}: {2}";
    public const string StageFailedAt = "The {0} stage stopped.";

    public const string NothingShipped = "Nothing was shipped: HEAD {0} \"{1}\" ({2}) was already live in {3} as deployment {4}, and this run only tested it. To release a new version, change something or pass a new -Message.";
    public const string NothingDeployed = "Nothing was deployed: {0}";

    public const string RollbackNotLive = "Not rolled back: deployment {0} never went live, so the previous deployment kept serving.";
    public const string RollbackNoPrevious = "Not rolled back: Railway has no earlier deployment of {0} in {1} that it can roll back to (canRollback).";
    public const string RollbackStarted = "Rolling back to deployment {0} (commit {1}).";
    public const string RollbackLive = "Rolled back to deployment {0} (commit {1}): {2} is live and {3} answered {4}.";
    public const string RollbackUnhealthy = "Rolled back to deployment {0} (commit {1}): {2} is live, but {3} is not healthy: {4}";
    public const string RollbackFailed = "The rollback to deployment {0} ended {1}: {2}";
    public const string RollbackRefused = "The rollback to deployment {0} failed: {1}";
    public const string ReasonRolledBack = "{0} {1}";

    public static string Format(string format, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments);
}
