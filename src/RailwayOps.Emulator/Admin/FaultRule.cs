namespace RailwayOps.Emulator.Admin;

/// <summary>A fault as posted to /_emulator/faults (see src/RailwayOps.Emulator/README.md).</summary>
public sealed class FaultRule
{
    public string Kind { get; set; } = "";
    public int? Status { get; set; }
    public int? RetryAfterSeconds { get; set; }
    public int? DelayMs { get; set; }
    public string? Message { get; set; }
    /// <summary>How many matching requests it applies to; -1 until cleared.</summary>
    public int Count { get; set; } = 1;
    public string? Operation { get; set; }
    public string? Path { get; set; }

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
        { "status", "retryAfter", "slow", "reset", "malformed", "html", "graphqlError", "dropWebSocket" };

    public string? Validate()
    {
        if (!Kinds.Contains(Kind))
            return $"unknown fault kind '{Kind}'; expected one of {string.Join(", ", Kinds)}";
        if (Status is < 100 or > 599)
            return "status must be an HTTP status code";
        if (Count == 0 || Count < -1)
            return "count must be positive, or -1 for 'until cleared'";
        return null;
    }

    public bool Matches(string path, string? operation) =>
        (Path is null || path.StartsWith(Path, StringComparison.OrdinalIgnoreCase))
        && (Operation is null || string.Equals(Operation, operation, StringComparison.Ordinal));
}
