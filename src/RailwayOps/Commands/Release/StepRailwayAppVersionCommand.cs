using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Versioning;

namespace RailwayOps.Commands;

/// <summary>
/// Bumps the application version declared in a repository (config.py app_version, __version__,
/// pyproject.toml, package.json, *.csproj, VERSION), changing only the version literal.
/// </summary>
[Cmdlet(VerbsCommon.Step, "RailwayAppVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PartSet)]
[OutputType(typeof(AppVersionChange))]
public sealed class StepRailwayAppVersionCommand : RailwayCmdlet
{
    private const string PartSet = "Part";
    private const string VersionSet = "Version";

    /// <summary>The repository folder to search; the current location by default.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The file to bump when several declare a version.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? File { get; set; }

    // Boxed: no field of a Core value type (Hosting/DependencyIsolation.cs says why; Isolation.Tests.ps1 checks).
    private object part = VersionPart.Patch;

    [Parameter(ParameterSetName = PartSet)]
    public VersionPart Part { get => (VersionPart)part; set => part = value; }

    [Parameter(ParameterSetName = VersionSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>Allows -Version to be lower than the current version.</summary>
    [Parameter(ParameterSetName = VersionSet)]
    public SwitchParameter AllowDowngrade { get; set; }

    protected override void ProcessRecord()
    {
        var root = Path is null
            ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var file = File is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(File);
        RunPerItem(file ?? root, () =>
        {
            var source = VersionSourceLocator.Locate(root, file, CancellationToken);
            var plan = ParameterSetName == VersionSet
                ? AppVersionBumper.Plan(source, Version!, AllowDowngrade)
                : AppVersionBumper.Plan(source, Part);
            var action = string.Format(CultureInfo.InvariantCulture, CmdletText.AppVersionAction, plan.OldVersion, plan.NewVersion, plan.Kind);
            if (!ShouldProcess(plan.File, action))
            {
                return;
            }

            Run(token => AppVersionBumper.ApplyAsync(plan, token));
            WriteObject(new AppVersionChange(plan));
        });
    }
}
