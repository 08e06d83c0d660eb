namespace RailwayOps.Core.Emulator;

public enum EmulatorErrorKind
{
    NotInstalled,
    DotnetNotFound,
    SeedNotFound,
    ExitedEarly,
    NotReady,
    InvalidSeed,
    StateDirectoryInvalid,
}

/// <summary>The emulator could not be started.</summary>
public sealed class EmulatorException : Exception
{
    public EmulatorException(EmulatorErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public EmulatorErrorKind Kind { get; }

    /// <summary>The temporary state folder made for this start when it could not be deleted afterwards; else null.</summary>
    public string? StateDirectoryLeftBehind { get; internal set; }
}
