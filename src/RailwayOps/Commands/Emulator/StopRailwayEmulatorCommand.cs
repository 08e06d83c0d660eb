using System.Management.Automation;
using RailwayOps.Core.Emulator;

namespace RailwayOps.Commands;

/// <summary>
/// Stops emulators this session started: asks each to shut down, then kills it after a grace period.
/// A temporary state folder (Start-RailwayEmulator without -StateDirectory) is deleted unless -KeepState.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "RailwayEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = InputSet)]
[OutputType(typeof(RailwayEmulator))]
public sealed class StopRailwayEmulatorCommand : RailwayCmdlet
{
    private const string InputSet = "InputObject";
    private const string ProcessIdSet = "ProcessId";

    [Parameter(ParameterSetName = InputSet, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RailwayEmulator[]? InputObject { get; set; }

    [Parameter(ParameterSetName = ProcessIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    public int[]? ProcessId { get; set; }

    /// <summary>Seconds to wait for a clean shutdown before the process is killed.</summary>
    [Parameter]
    [ValidateRange(0, 300)]
    public int GraceSec { get; set; } = 10;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Keeps a temporary state folder (logs, journal, repositories) for a look after a failed run.</summary>
    [Parameter]
    public SwitchParameter KeepState { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ProcessIdSet)
        {
            foreach (var id in ProcessId!)
            {
                var emulator = SessionStore.StartedEmulators.FirstOrDefault(candidate => candidate.ProcessId == id);
                if (emulator is null)
                {
                    WriteFailure(CmdletFailure.EmulatorNotRunning, new ItemNotFoundException(Format(CmdletText.EmulatorProcessNotFound, id)), id);
                    continue;
                }

                Stop(emulator);
            }

            return;
        }

        if (InputObject is null)
        {
            var started = SessionStore.StartedEmulators.FirstOrDefault(candidate => !candidate.HasExited);
            if (started is null)
            {
                WriteFailure(CmdletFailure.EmulatorNotRunning, new ItemNotFoundException(CmdletText.NoEmulatorToStop), null);
                return;
            }

            Stop(started);
            return;
        }

        foreach (var emulator in InputObject)
        {
            Stop(emulator);
        }
    }

    private void Stop(RailwayEmulator emulator)
    {
        var target = emulator.StateIsTemporary && !KeepState
            ? Format(CmdletText.StopEmulatorTargetTemporary, emulator.ProcessId, emulator.GraphQLUrl, emulator.StateDirectory)
            : Format(CmdletText.StopEmulatorTarget, emulator.ProcessId, emulator.GraphQLUrl);
        if (!ShouldProcess(target, CmdletText.StopEmulatorAction))
        {
            return;
        }

        RunPerItem(emulator, () =>
        {
            // With -KeepState a temporary folder is kept by the emulator too (it deletes it as it exits otherwise).
            Run(token => EmulatorLauncher.StopAsync(emulator, TimeSpan.FromSeconds(GraceSec), EventSink, token, keepState: KeepState && emulator.StateIsTemporary));
            SessionStore.RemoveEmulator(emulator);

            // A session left pointing at a stopped emulator would fail every later call with a connection error.
            if (SessionStore.Current?.Endpoint == emulator.GraphQLUrl)
            {
                SessionStore.Clear();
            }

            ReleaseState(emulator);
            if (PassThru)
            {
                WriteObject(emulator);
            }
        });
    }

    /// <summary>Deletes or keeps a temporary state folder; a folder named with -StateDirectory is never touched.</summary>
    private void ReleaseState(RailwayEmulator emulator)
    {
        if (!emulator.StateIsTemporary)
        {
            return;
        }

        if (KeepState)
        {
            EmulatorLauncher.KeepTemporaryState(emulator);
            WriteVerbose(Format(CmdletText.EmulatorStateKept, emulator.StateDirectory));
            return;
        }

        // The emulator is stopped whatever happens here: a folder that will not go is a warning, not an error.
        Exception? failure;
        try
        {
            failure = Run(token => EmulatorLauncher.DeleteTemporaryStateAsync(emulator, token));
        }
        catch (Exception exception) when (IsReportable(exception))
        {
            failure = exception;
        }

        if (failure is null)
        {
            WriteVerbose(Format(CmdletText.EmulatorStateDeleted, emulator.StateDirectory));
        }
        else
        {
            WriteWarning(Format(CmdletText.EmulatorStateNotDeleted, emulator.ProcessId, emulator.StateDirectory, failure.Message));
        }
    }
}
