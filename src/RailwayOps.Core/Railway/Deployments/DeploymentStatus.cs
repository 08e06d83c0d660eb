namespace RailwayOps;

/// <summary>Railway's 13 deployment statuses (schema enum DeploymentStatus), PascalCase so scripts read naturally.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum DeploymentStatus
{
    Building,
    Crashed,
    Deploying,
    Failed,
    Initializing,
    NeedsApproval,
    Queued,
    Removed,
    Removing,
    Skipped,
    Sleeping,
    Success,
    Waiting,
}

/// <summary>What a status means to a wait loop: the one classification Wait, Get and the release loop share.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum DeploymentStatusClass
{
    /// <summary>Initializing, Queued, Waiting, Building, Deploying, Removing: keep waiting.</summary>
    InProgress,

    /// <summary>Success: live.</summary>
    Succeeded,

    /// <summary>Failed, Crashed.</summary>
    Failed,

    /// <summary>Removed, Skipped: ended without being deployed.</summary>
    NotDeployed,

    /// <summary>NeedsApproval: waits for a human (deploymentApprove).</summary>
    Blocked,

    /// <summary>Sleeping: idle, not failed.</summary>
    Idle,
}
