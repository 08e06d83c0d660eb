namespace RailwayOps.Core.Emulator;

/// <summary>How to launch the emulator program.</summary>
public sealed record EmulatorStartOptions
{
    /// <summary>Path of RailwayOps.Emulator.dll.</summary>
    public required string EmulatorAssemblyPath { get; init; }

    /// <summary>The dotnet host that runs it.</summary>
    public required string DotnetHostPath { get; init; }

    /// <summary>0 picks a free loopback port.</summary>
    public int Port { get; init; }

    public string? SeedPath { get; init; }

    /// <summary>
    /// The emulator's state folder, kept after it stops. Null: the launcher creates a temporary folder
    /// (railwayops-emulator-* in the temp folder), which stopping the emulator deletes.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>The emulator exits when this process does, so a crashed session leaves nothing behind.</summary>
    public int? ParentProcessId { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Start the emulator in a session of its own (Linux, with util-linux's setsid), out of the terminal's
    /// process group, so that Ctrl+C at the prompt does not reach it. True by default.
    /// </summary>
    public bool OwnSession { get; init; } = true;
}
