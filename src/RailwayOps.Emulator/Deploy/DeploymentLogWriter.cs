using System.Text.Json;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Deploy;

/// <summary>Appends build and deploy log lines the way Railway normalises them (API.md §3.7): a JSON
/// line gives its message, level and attributes; any other line is a message whose level is info on
/// stdout and error on stderr. The level is also an attribute.</summary>
public sealed class DeploymentLogWriter(IEmulatorStore store)
{
    public void Build(string deploymentId, string message, bool isError = false) =>
        Append(deploymentId, LogKind.Build, message, isError);

    public void Deploy(string deploymentId, string message, bool isError = false) =>
        Append(deploymentId, LogKind.Deploy, message, isError);

    public void Append(string deploymentId, LogKind kind, string line, bool isError)
    {
        var (message, level, attributes) = Normalise(line, isError ? "error" : "info");
        attributes["level"] = level;
        store.AppendLog(deploymentId, kind, new LogRecord(DateTimeOffset.UtcNow, message, level, attributes));
    }

    public static (string Message, string Level, Dictionary<string, string> Attributes) Normalise(string line, string streamLevel)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!line.StartsWith('{') || !line.EndsWith('}'))
        {
            return (line, streamLevel, attributes);
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            var message = line;
            var level = streamLevel;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                switch (property.Name)
                {
                    case "message" or "msg":
                        message = value;
                        break;
                    case "level" or "lvl" or "severity":
                        level = NormaliseLevel(value, streamLevel);
                        break;
                    default:
                        attributes[property.Name] = value;
                        break;
                }
            }
            return (message, level, attributes);
        }
        catch (JsonException)
        {
            return (line, streamLevel, attributes);
        }
    }

    private static string NormaliseLevel(string level, string fallback) => level.Trim().ToLowerInvariant() switch
    {
        "debug" or "trace" => "debug",
        "info" or "information" or "notice" => "info",
        "warn" or "warning" => "warn",
        "error" or "err" or "fatal" or "critical" or "panic" => "error",
        _ => fallback,
    };
}
