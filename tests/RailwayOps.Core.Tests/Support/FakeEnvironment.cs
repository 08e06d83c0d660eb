using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Tests.Support;

/// <summary>An environment and file system made of dictionaries, so resolution tests never touch the real ones.</summary>
public sealed class FakeEnvironment : ISystemEnvironment
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public string? HomeDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "fake-home");

    public string? GetVariable(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public string? ReadFile(string path) => Files.TryGetValue(path, out var text) ? text : null;

    public string ConfigPath(string fileName = "config.json") => Path.Combine(HomeDirectory!, ".railway", fileName);

    public FakeEnvironment With(string name, string value)
    {
        Variables[name] = value;
        return this;
    }
}
