using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Events;
using RailwayOps.Core.Git;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Waiting;

namespace RailwayOps.Commands;

/// <summary>
/// <c>railway up</c> and <c>railway redeploy --from-source</c>: uploads a folder (git's own ignore rules, .railwayignore,
/// never .git or node_modules) as a gzip tarball streamed into the request, or asks a GitHub-connected service to deploy
/// its latest commit; returns the new deployment. -Wait goes through the same waiter and outcome rendering as
/// Wait-RailwayDeployment (<see cref="DeploymentWaitingCmdlet"/>).
/// </summary>
[Cmdlet("Deploy", "RailwayService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = FolderSet)]
[OutputType(typeof(RailwayDeployment))]
public sealed class DeployRailwayServiceCommand : DeploymentWaitingCmdlet
{
    private const string FolderSet = "Folder";
    private const string LatestCommitSet = "LatestCommit";
    private const int LargestShown = 5;

    private readonly List<WaitTarget> waitTargets = new();

    /// <summary>The folder to upload; the current location by default.</summary>
    [Parameter(ParameterSetName = FolderSet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = ".";

    /// <summary>Deploy the latest commit of the service's connected repository instead of a folder.</summary>
    [Parameter(ParameterSetName = LatestCommitSet, Mandatory = true)]
    public SwitchParameter LatestCommit { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    /// <summary>The deployment's message (Railway shows it as the commit message of an upload).</summary>
    [Parameter(ParameterSetName = FolderSet)]
    [ValidateNotNullOrEmpty]
    public string? Message { get; set; }

    /// <summary>Send files .gitignore excludes too (.railwayignore still applies; .git and node_modules never go).</summary>
    [Parameter(ParameterSetName = FolderSet)]
    public SwitchParameter NoGitIgnore { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>-Wait only: the whole wait in seconds; 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = DefaultTimeoutSec;

    protected override void ProcessRecord()
    {
        string? folder = null;
        if (ParameterSetName == FolderSet)
        {
            folder = GetUnresolvedProviderPathFromPSPath(Path);
            if (!Directory.Exists(folder))
            {
                var message = File.Exists(folder) ? Format(CmdletText.DeployPathNotFolder, folder) : Format(CmdletText.DeployPathNotFound, folder);
                WriteFailure(CmdletFailure.UploadSourceNotFound, new ItemNotFoundException(message), Path);
                return;
            }
        }

        var context = ResolveContext(Project, Environment, Service);
        if (!TryResolveTarget(context, out var resolved))
        {
            return;
        }

        var missing = resolved?.Environment is null ? (nameof(Environment), "ENVIRONMENT")
            : resolved.Service is null ? (nameof(Service), "SERVICE")
            : ((string, string)?)null;
        if (resolved is null || missing is not null)
        {
            var part = missing ?? (nameof(Project), "PROJECT");
            WriteFailure(CmdletFailure.DeployTargetIncomplete,
                new ArgumentException(Format(CmdletText.DeployTargetIncomplete, MyInvocation.MyCommand.Name, part.Item1, part.Item2)),
                Project ?? Service);
            return;
        }

        var target = Format(CmdletText.DeployTarget, resolved.Service!.Name, resolved.Project.Name, resolved.Environment!.Name);
        RunPerItem(target, () =>
        {
            var deployment = folder is null ? DeployLatestCommit(resolved, target) : DeployFolder(resolved, target, folder);
            if (deployment is null)
            {
                return;
            }

            if (Wait)
            {
                waitTargets.Add(new WaitTarget.ById(deployment.DeploymentId) { Known = deployment });
            }
            else
            {
                WriteObject(deployment);
            }
        });
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (!Wait)
        {
            return;
        }

        var options = new WaitOptions { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
        RunPerItem(null, () => WaitFor(waitTargets, options, outcome => WriteOutcome(outcome, writeDeployment: true)));
    }

    private RailwayDeployment? DeployFolder(ResolvedTarget resolved, string target, string folder)
    {
        var client = Client;
        var git = new GitRunner(events: EventSink);
        var selection = Run(token => SourceSelection.SelectAsync(folder, !NoGitIgnore, git, token));
        var largest = selection.Largest(LargestShown);
        var action = Format(CmdletText.DeployFolderAction, folder, selection.Files.Count.ToString(CultureInfo.InvariantCulture), Bytes(selection.TotalBytes),
            (largest.Count == 0 ? string.Empty : Format(CmdletText.DeployLargest, string.Join(", ", largest.Select(file => $"{file.EntryName} ({Bytes(file.Length)})"))))
            + (NoGitIgnore ? CmdletText.DeployNothingIgnored : string.Empty));
        if (!ShouldProcess(target, action))
        {
            return null;
        }

        var activity = Format(CmdletText.DeployProgressActivity, folder, target);
        var events = EventSink;
        void Progress(UploadProgress progress) => events.Report(new RailwayEvent(RailwayEventLevel.Progress, Format(
            CmdletText.DeployProgressStatus, progress.FilesPacked, progress.TotalFiles, Bytes(progress.BytesSent)))
        {
            Activity = activity,
            PercentComplete = progress.TotalBytes is > 0 and var total ? (int)(100 * progress.BytesRead / total) : -1,
            Completed = progress.Completed,
        });

        using var content = new FolderUploadContent(selection, Progress);
        var uploaded = Run(token => client.Uploads.UploadAsync(resolved.Project.ProjectId, resolved.Environment!.EnvironmentId,
            resolved.Service!.ServiceId, Message, content, target, token));
        WriteVerbose(Format(CmdletText.DeployUploaded, selection.Files.Count, Bytes(selection.TotalBytes), Bytes(content.BytesSent), folder, uploaded.DeploymentId));
        return Run(token => client.Deployments.GetAsync(uploaded.DeploymentId, token));
    }

    private RailwayDeployment? DeployLatestCommit(ResolvedTarget resolved, string target)
    {
        var client = Client;
        var settings = Run(token => client.ServiceInstances.GetSettingsAsync(resolved.Environment!.EnvironmentId, resolved.Service!.ServiceId, token));
        if (settings.SourceRepo is not { Length: > 0 } repo)
        {
            WriteFailure(CmdletFailure.DeployNoRepository, new InvalidOperationException(Format(CmdletText.DeployNoRepository, resolved.Service!.Name)), target);
            return null;
        }

        if (!ShouldProcess(target, Format(CmdletText.DeployLatestCommitAction, repo)))
        {
            return null;
        }

        return Run(token => client.Deployments.DeployLatestCommitAsync(resolved.Environment!.EnvironmentId, resolved.Service!.ServiceId, token));
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };
}
