namespace RailwayOps;

// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum RailwayLogType
{
    Build,
    Deploy,
}

/// <summary>One build or deploy log line.</summary>
public sealed class RailwayLogLine
{
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The raw RFC 3339 timestamp (nanosecond precision, which DateTimeOffset cannot hold), used to de-duplicate across reconnects.</summary>
    public required string RawTimestamp { get; init; }

    public required string Message { get; init; }

    public string? Severity { get; init; }

    public RailwayLogType Type { get; init; }

    public string? DeploymentId { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public override string ToString() => Message;
}
