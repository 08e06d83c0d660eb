using System.Management.Automation;
using RailwayOps.Core.Release;
using RailwayOps.Core.Versioning;

namespace RailwayOps.Commands;

/// <summary>
/// The release loop in one command: bump the version, commit, push, wait for the deployment of the
/// pushed commit in the branch's environment, and test its health endpoint for the new version.
/// Running it again after a failure resumes where the repository shows it stopped.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Cpwtr", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PartSet)]
[OutputType(typeof(ReleaseResult))]
public sealed class InvokeCpwtrCommand : RailwayApiCmdlet
{
    private const string PartSet = "Part";
    private const string VersionSet = "Version";
    private const string NoBumpSet = "NoBump";

    /// <summary>The change description; the commit message is "&lt;Message&gt; - bump to vX.Y.Z".</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Message { get; set; } = "Release";

    /// <summary>A folder in the repository; the current location by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    // Boxed: no field of a Core value type (Hosting/DependencyIsolation.cs says why; Isolation.Tests.ps1 checks).
    private object part = VersionPart.Patch;

    [Parameter(ParameterSetName = PartSet)]
    public VersionPart Part { get => (VersionPart)part; set => part = value; }

    [Parameter(ParameterSetName = VersionSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    [Parameter(ParameterSetName = NoBumpSet, Mandatory = true)]
    public SwitchParameter NoBump { get; set; }

    /// <summary>The file that declares the version, when several do.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? File { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Remote { get; set; } = "origin";

    /// <summary>How the release reaches Railway: Auto (upload when the service has no connected repository), Repository (push), Upload (the release commit's tree).</summary>
    [Parameter]
    public Core.Release.ReleaseSource Source { get => (Core.Release.ReleaseSource)source; set => source = value; }

    // Boxed: no field of a Core value type (Hosting/DependencyIsolation.cs says why).
    private object source = Core.Release.ReleaseSource.Auto;

    [Parameter]
    [Alias("ProjectId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProjectCompleter))]
    public string? Project { get; set; }

    /// <summary>Overrides the environment the branch would deploy to.</summary>
    [Parameter]
    [Alias("EnvironmentId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EnvironmentCompleter))]
    public string? Environment { get; set; }

    [Parameter]
    [Alias("ServiceId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ServiceCompleter))]
    public string? Service { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthPath { get; set; }

    /// <summary>How long to wait for the deployment to finish; 0 means no limit.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; } = 900;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int AppearTimeoutSec { get; set; } = 60;

    [Parameter]
    [ValidateRange(0, 3600)]
    public int HealthTimeoutSec { get; set; } = 100;

    /// <summary>Commit files that look like secrets anyway.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>-TimeoutSec is the run's deadline for Railway: planning, every request and the wait answer to it.</summary>
    protected override int? DeadlineSeconds => TimeoutSec == 0 ? null : TimeoutSec;
    /// <summary>How long the Test stage watches the live deployment after it answered; 0 skips the window.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int StableSec { get; set; } = (int)Core.Health.StabilityOptions.DefaultWindow.TotalSeconds;

    /// <summary>When Wait or Test fails for a deployment that replaced a live one, roll back to that one.</summary>
    [Parameter]
    public SwitchParameter RollbackOnFailure { get; set; }

    /// <summary>A deployment Railway skipped (no watched file changed) fails the run.</summary>
    [Parameter]
    public SwitchParameter FailOnSkip { get; set; }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        var context = ResolveContext(Project, null, Service);
        var client = Client;
        var request = new ReleaseRequest
        {
            Path = Path is null
                ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
            Message = Message,
            MessageGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Message)),
            Bump = BumpRequestFromParameters(),
            VersionFile = File is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(File),
            Remote = Remote,
            Source = Source,
            Force = Force,
            Environment = Environment,
            HealthPath = HealthPath,
            WaitTimeout = TimeoutSec == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(TimeoutSec),
            AppearTimeout = TimeSpan.FromSeconds(AppearTimeoutSec),
            HealthTimeout = TimeSpan.FromSeconds(HealthTimeoutSec),
            StableFor = TimeSpan.FromSeconds(StableSec),
            RollbackOnFailure = RollbackOnFailure,
            FailOnSkip = FailOnSkip,
            Context = context,
        };

        ReleasePlan plan;
        try
        {
            plan = Run(token => new ReleasePlanner(client, EventSink).PlanAsync(request, token));
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            ThrowRailwayError(exception, request.Path);
            return;
        }

        ReleaseResult result;
        using (plan)
        {
            var (approved, whatIf) = Approve(plan);
            if (whatIf)
            {
                return;
            }

            result = Run(token => new ReleaseRunner(client, EventSink).RunAsync(plan, approved, token));
        }

        Hosting.CiHost.ReporterFor(this)?.ReportRelease(result, MyInvocation.MyCommand.Name);
        WriteObject(result);
        if (result is { Succeeded: false, FailureKind: { } kind })
        {
            // The error's RecommendedAction is the result's NextCommand (see the release rows of ErrorMap).
            WriteRailwayError(new ReleaseException(kind, result.Reason ?? kind.ToString(), result), result);
        }
    }

    /// <summary>
    /// Asks ShouldProcess for each stage that has work, on the pipeline thread, before anything runs.
    /// Under -WhatIf every stage is shown; otherwise the first declined stage ends the questions.
    /// </summary>
    private (HashSet<ReleaseStageName> Approved, bool WhatIf) Approve(ReleasePlan plan)
    {
        var approved = new HashSet<ReleaseStageName>();
        var whatIf = false;
        foreach (var stage in plan.StagesWithWork())
        {
            var description = Format(CmdletText.ReleaseStageAction, stage, plan.Describe(stage), plan.TargetOf(stage));
            if (ShouldProcess(description, description, CmdletText.ReleaseConfirmCaption, out var reason))
            {
                approved.Add(stage);
                continue;
            }
            whatIf |= reason == ShouldProcessReason.WhatIf;
            if (!whatIf)
            {
                break;
            }
        }
        return (approved, whatIf);
    }

    private BumpRequest BumpRequestFromParameters()
    {
        if (NoBump)
        {
            return BumpRequest.None;
        }
        if (ParameterSetName != VersionSet)
        {
            return new BumpRequest(BumpMode.Part, Part);
        }
        try
        {
            return new BumpRequest(BumpMode.Explicit, Explicit: SemanticVersion.Parse(Version!.Trim()));
        }
        catch (VersionException exception)
        {
            ThrowRailwayError(exception, Version);
            throw;
        }
    }
}
