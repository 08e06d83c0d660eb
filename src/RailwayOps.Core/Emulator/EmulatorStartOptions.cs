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

    public string? StateDirectory { get; init; }

    /// <summary>The emulator exits when this process does, so a crashed session leaves nothing behind.</summary>
    public int? ParentProcessId { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
