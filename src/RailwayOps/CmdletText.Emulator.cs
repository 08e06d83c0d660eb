namespace RailwayOps;

/// <summary>Text of Start-RailwayEmulator and Stop-RailwayEmulator about the emulator's state folder.</summary>
internal static partial class CmdletText
{
    public const string EmulatorStartedTemporary = "The Railway emulator is running at {0} (process {1}, state in the temporary folder {2}, deleted when it is stopped).";
    public const string StopEmulatorTargetTemporary = "emulator process {0} at {1}, and delete its temporary state folder {2}";
    public const string EmulatorStateDeleted = "Deleted the emulator's temporary state folder {0}.";
    public const string EmulatorStateKept = "Kept the emulator's temporary state folder {0} (-KeepState); delete it when done, or pipe the emulator to Stop-RailwayEmulator again.";
    public const string EmulatorStateNotDeleted = "The emulator (process {0}) stopped, but its temporary state folder {1} could not be deleted ({2}); delete it by hand.";
    public const string EmulatorStateLeftAfterFailedStart = "The temporary state folder {0} made for the emulator could not be deleted after the failed start. Delete it by hand.";
}
