namespace RailwayOps.Core.Auth;

/// <summary>
/// The process environment and file system as resolution sees them, so that tests can drive the
/// whole precedence matrix without touching the real environment.
/// </summary>
public interface ISystemEnvironment
{
    string? GetVariable(string name);

    /// <summary>The user's home folder (where the Railway CLI keeps .railway/config.json).</summary>
    string? HomeDirectory { get; }

    /// <summary>The file's text, or null when it does not exist.</summary>
    string? ReadFile(string path);
}

/// <summary>The real process environment.</summary>
public sealed class ProcessEnvironment : ISystemEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    private ProcessEnvironment()
    {
    }

    public string? HomeDirectory
    {
        get
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return string.IsNullOrEmpty(home) ? Environment.GetEnvironmentVariable("HOME") : home;
        }
    }

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public string? ReadFile(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
