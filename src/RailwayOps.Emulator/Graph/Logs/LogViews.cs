using System.Globalization;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Graph;

public sealed record LogAttributeView(string Key, string Value);

public sealed record LogTagsView(string? ProjectId, string? EnvironmentId, string? ServiceId, string? DeploymentId,
    string? DeploymentInstanceId, string? SnapshotId);

public sealed class LogView(LogRecord line, DeploymentRecord deployment)
{
    public LogRecord Record => line;

    /// <summary>RFC 3339 with nanoseconds, as Railway sends it.</summary>
    public string Timestamp =>
        line.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    public string Message => line.Message;
    public string? Severity => line.Severity;

    public IReadOnlyList<LogAttributeView> Attributes
    {
        get
        {
            var attributes = new List<LogAttributeView> { new("level", line.Severity) };
            if (line.Attributes is not null)
                attributes.AddRange(line.Attributes.Where(a => a.Key != "level").Select(a => new LogAttributeView(a.Key, a.Value)));
            return attributes;
        }
    }

    public LogTagsView Tags => new(deployment.ProjectId, deployment.EnvironmentId, deployment.ServiceId,
        deployment.Id, deployment.Id + "-0", null);
}
