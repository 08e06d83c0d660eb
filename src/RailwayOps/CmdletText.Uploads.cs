namespace RailwayOps;

internal static partial class CmdletText
{
    public const string DeployTarget = "service {0} in {1}/{2}";
    public const string DeployFolderAction = "Upload {0} and deploy it: {1} file(s), {2}{3}";
    public const string DeployLargest = "; largest: {0}";
    public const string DeployNothingIgnored = " (.gitignore not applied: -NoGitIgnore)";
    public const string DeployLatestCommitAction = "Deploy the latest commit of {0} (serviceInstanceDeployV2)";
    public const string DeployTargetIncomplete = "{0} deploys to one service in one environment; the {1} is missing. Pass -{1}, set RAILWAY_{2}_ID, or link the folder with 'railway link'.";
    public const string DeployNoRepository = "Service {0} has no connected repository, so it has no latest commit to deploy (-LatestCommit is for GitHub-connected services). Deploy a folder instead: Deploy-RailwayService -Path <folder> -Service {0}.";
    public const string DeployPathNotFound = "The folder {0} does not exist; nothing was uploaded.";
    public const string DeployPathNotFolder = "{0} is a file; Deploy-RailwayService uploads a folder.";
    public const string DeployUploaded = "Uploaded {0} file(s) ({1}, {2} compressed) from {3}: deployment {4}.";
    public const string DeployProgressActivity = "Uploading {0} to {1}";
    public const string DeployProgressStatus = "{0} of {1} file(s) packed, {2} sent";
    public const string RecommendedUploadTooLarge = "Leave build output and data out with .gitignore or .railwayignore (Deploy-RailwayService -WhatIf lists the largest files).";
    public const string RecommendedUploadRejected = "Check the service and environment (Get-RailwayService), and that the folder holds no link pointing outside it.";

    public const string CommandTargetIncomplete = "{0} runs with one service's variables; the {1} is missing. Pass -{1}, set RAILWAY_{2}_ID, or link the folder with 'railway link'.";
    public const string CommandNotFound = "The command '{0}' was not found (not a path, and not on PATH); nothing was run.";
    public const string CommandAction = "Run {0} with the variables of {1}: {2}";
    public const string CommandVariablesNone = "(none)";
    public const string CommandExited = "{0} exited with code {1} ($LASTEXITCODE).";
    public const string CommandStarted = "Started {0} (process {1}) with {2} variable(s) of the service.";
    public const string CommandScriptBlock = "the script block (in a child pwsh)";
    public const string CommandDropped = "Left out variable(s) a shell, the loader or a runtime would act on as the command starts: {0}. Set them yourself if the command needs them.";
}
