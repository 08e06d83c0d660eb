namespace RailwayOps;

/// <summary>The five stages of the release loop, in the order they run.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum ReleaseStageName
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
public enum ReleaseStageOutcome
{
    Succeeded,
    Failed,

    /// <summary>Not run: an earlier stage failed, -NoBump asked for it, the user declined it, or Railway skipped the deployment.</summary>
    Skipped,

    /// <summary>A previous run had already done it (the loop resumed).</summary>
    AlreadyDone,
}

/// <summary>One stage of one release-loop run: when it started, how long it took and how it ended.</summary>
public sealed class ReleaseStage
{
    public required ReleaseStageName Name { get; init; }

    /// <summary>Null when the stage never started.</summary>
    public DateTimeOffset? Started { get; init; }

    public TimeSpan Duration { get; init; }

    public required ReleaseStageOutcome Outcome { get; init; }

    public string? Detail { get; init; }

    public override string ToString() => $"{Name}: {Outcome}";
}

/// <summary>What a release-loop run amounted to.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum ReleaseRunOutcome
{
    /// <summary>This run committed or pushed the release, and it went live.</summary>
    Released,

    /// <summary>An earlier run had pushed the release; this run waited for it to go live and tested it.</summary>
    Resumed,

    /// <summary>Nothing was shipped: the release was already live before this run, which only tested it.</summary>
    AlreadyLive,

    /// <summary>Railway skipped the deployment (no watched file changed): nothing was deployed.</summary>
    NothingDeployed,

    /// <summary>A stage failed; see FailedStage and Reason.</summary>
    Failed,

    /// <summary>The user declined a stage; nothing after it ran.</summary>
    Declined,
}

/// <summary>One deployment the pushed commit made: the named service's, and every other service the push deployed.</summary>
public sealed class ReleaseDeployment
{
    public required string Service { get; init; }

    public required string ServiceId { get; init; }

    public required string Environment { get; init; }

    public required string EnvironmentId { get; init; }

    /// <summary>Null when no deployment of the commit appeared.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The status Railway reported last; null when none appeared.</summary>
    public DeploymentStatus? Status { get; init; }

    public override string ToString() => $"{Service}/{Environment}: {(Status is { } status ? status.ToWireName() : "none")}";
}

/// <summary>The rollback of a failed release (-RollbackOnFailure): what it went back to and how that ended.</summary>
public sealed class ReleaseRollback
{
    /// <summary>The failed deployment that was rolled back.</summary>
    public required string FromDeploymentId { get; init; }

    /// <summary>The earlier deployment rolled back to; null when Railway offered none.</summary>
    public string? ToDeploymentId { get; init; }

    /// <summary>The deployment the rollback made live (Railway's new deployment of the earlier one).</summary>
    public string? DeploymentId { get; init; }

    public string? Commit { get; init; }

    /// <summary>The version the service reports after the rollback; null when it was not reached.</summary>
    public string? Version { get; init; }

    /// <summary>The rollback deployment went live and answered healthy.</summary>
    public bool Succeeded { get; init; }

    public HealthCheckResult? Health { get; init; }

    public required string Detail { get; init; }

    public override string ToString() => Detail;
}
