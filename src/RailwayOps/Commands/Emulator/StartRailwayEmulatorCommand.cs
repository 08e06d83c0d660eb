using System.Management.Automation;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Emulator;

namespace RailwayOps.Commands;

/// <summary>
/// Starts the local Railway emulator shipped inside the module and, unless -NoConnect, points this
/// session at it with the seed's first account token.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "RailwayEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(RailwayEmulator))]
public sealed class StartRailwayEmulatorCommand : RailwayCmdlet
{
    private const string EmulatorFolder = "emulator";
    private const string EmulatorAssembly = "RailwayOps.Emulator.dll";

    /// <summary>The loopback port; 0 picks a free one.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>A seed document; the default is the demo seed shipped with the emulator.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Seed { get; set; }

    /// <summary>
    /// Where the emulator keeps its state; reusing a folder restores everything in it, and it is never
    /// deleted. Without it the state goes to a temporary folder that stopping the emulator deletes.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StateDirectory { get; set; }

    [Parameter]
    public SwitchParameter NoConnect { get; set; }

    /// <summary>How long to wait for the emulator to report ready.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 60;

    protected override void EndProcessing()
    {
        var moduleFolder = Path.GetDirectoryName(typeof(StartRailwayEmulatorCommand).Assembly.Location)!;
        var emulatorPath = Path.Combine(moduleFolder, EmulatorFolder, EmulatorAssembly);
        var seedPath = Seed is null
            ? DefaultSeed(emulatorPath)
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Seed);
        var statePath = StateDirectory is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StateDirectory);

        if (!ShouldProcess(emulatorPath, CmdletText.StartEmulatorAction))
        {
            return;
        }

        try
        {
            var dotnet = DotnetHostLocator.Find(ProcessEnvironment.Instance, System.Environment.ProcessPath, File.Exists)
                ?? throw new EmulatorException(EmulatorErrorKind.DotnetNotFound, Core.Messages.DotnetNotFound);
            var options = new EmulatorStartOptions
            {
                EmulatorAssemblyPath = emulatorPath,
                DotnetHostPath = dotnet,
                Port = Port,
                SeedPath = seedPath,
                StateDirectory = statePath,
                ParentProcessId = System.Environment.ProcessId,
                ReadyTimeout = TimeSpan.FromSeconds(TimeoutSec),
            };
            var emulator = Run(token => EmulatorLauncher.StartAsync(options, EventSink, token));
            SessionStore.AddEmulator(emulator);
            WriteVerbose(Format(
                emulator.StateIsTemporary ? CmdletText.EmulatorStartedTemporary : CmdletText.EmulatorStarted,
                emulator.GraphQLUrl,
                emulator.ProcessId,
                emulator.StateDirectory));
            if (!NoConnect)
            {
                SessionStore.Set(emulator.CreateSession().WithTargetsOf(SessionStore.Current));
                WriteVerbose(Format(CmdletText.SessionUpdated, emulator.GraphQLUrl));
            }

            WriteObject(emulator);
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            if (exception is EmulatorException { StateDirectoryLeftBehind: { } leftBehind })
            {
                WriteWarning(Format(CmdletText.EmulatorStateLeftAfterFailedStart, leftBehind));
            }

            ThrowRailwayError(exception, emulatorPath);
        }

        base.EndProcessing();
    }

    private static string? DefaultSeed(string emulatorPath)
    {
        var seed = Path.Combine(Path.GetDirectoryName(emulatorPath)!, "seeds", "demo.json");
        return File.Exists(seed) ? seed : null;
    }
}
