namespace RailwayOps;

/// <summary>The five stages of the release loop, in the order they run.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum CpwtrStageName
{
    Version,
    Commit,
    Push,
    Wait,
    Test,
}

/// <summary>How a stage ended.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum CpwtrStageOutcome
{
    Succeeded,
    Failed,

    /// <summary>Not run: an earlier stage failed, -NoBump asked for it, or the user declined it.</summary>
    Skipped,

    /// <summary>A previous run had already done it (the loop resumed).</summary>
    AlreadyDone,
}

/// <summary>One stage of one release-loop run: when it started, how long it took and how it ended.</summary>
public sealed class CpwtrStage
{
    public required CpwtrStageName Name { get; init; }

    /// <summary>Null when the stage never started.</summary>
    public DateTimeOffset? Started { get; init; }

    public TimeSpan Duration { get; init; }

    public required CpwtrStageOutcome Outcome { get; init; }

    public string? Detail { get; init; }

    public override string ToString() => $"{Name}: {Outcome}";
}
