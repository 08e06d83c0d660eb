namespace RailwayOps.Emulator.Hosting;

/// <summary>How one emulator instance runs; filled from the command line or by tests.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Folder holding the journal, snapshots and the engine's files.</summary>
    public string StateDirectory { get; set; } = "";

    /// <summary>Seed applied when <see cref="StateDirectory"/> holds no state yet; null = empty state.</summary>
    public string? SeedFile { get; set; }

    /// <summary>Delay added to every API request (not to admin requests).</summary>
    public int LatencyMs { get; set; }

    /// <summary>The emulator exits when this process exits.</summary>
    public int? ParentPid { get; set; }

    /// <summary>The state folder was made for this run only: it is deleted when the emulator exits (after
    /// its processes are stopped), or by its watchdog after a kill -9, unless a shutdown asks to keep it.</summary>
    public bool TemporaryState { get; set; }
}
