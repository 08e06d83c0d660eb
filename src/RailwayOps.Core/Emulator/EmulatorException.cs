namespace RailwayOps.Core.Emulator;

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
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
