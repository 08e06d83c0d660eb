namespace RailwayOps.Emulator.Hosting;

/// <summary>The emulator cannot start with what it was given; <see cref="ExitCode"/> tells a launcher why
/// without parsing the message (the one line the emulator writes to stderr).</summary>
public sealed class EmulatorStartupException(int exitCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Any other failure to start (a port in use, a state folder that cannot be read).</summary>
    public const int StartFailed = 1;
    /// <summary>An unknown or incomplete argument.</summary>
    public const int Usage = 2;
    /// <summary>The seed file is not a valid seed document.</summary>
    public const int InvalidSeed = 3;
    /// <summary>The state folder cannot be used (it is a file, or cannot be created).</summary>
    public const int StateDirectoryUnusable = 4;

    public int ExitCode { get; } = exitCode;
}
