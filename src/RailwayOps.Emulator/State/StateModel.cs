using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

// The persisted shapes of the emulator's state. Records are immutable: the store replaces an entity
// to change it, so a reader never sees half an update and a journal entry is simply the new value.

public sealed record TokenEntity(string Id, string Kind, string Value, string Name, string? ProjectId,
    string? EnvironmentId, DateTimeOffset CreatedAt)
{
    public const string Account = "account";
    public const string Project = "project";
}

public sealed record AccountEntity(string UserId, string Name, string Email, string WorkspaceId,
    string WorkspaceName, DateTimeOffset CreatedAt);

public sealed record ProjectEntity(string Id, string Name, string? Description, string WorkspaceId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A service; <paramref name="Image"/> is the Docker image of a service deployed from an image (the
/// database services templateDeployV2 creates), which the engine runs as the server it stands for.</summary>
public sealed record ServiceEntity(string Id, string ProjectId, string Name, string? Repo, string? Branch,
    DateTimeOffset CreatedAt, string? Image = null);

/// <summary>A service in one environment. Branch is read only from state written before deploy triggers
/// existed (format 1), to derive the instance's trigger; the trigger is what tracks a branch now.</summary>
public sealed record InstanceEntity(string EnvironmentId, string ServiceId, ServiceSettingsRecord Settings,
    int? ProxyPort, DateTimeOffset CreatedAt, string? Branch = null)
{
    public string Key => InstanceKey(EnvironmentId, ServiceId);
    public static string InstanceKey(string environmentId, string serviceId) => environmentId + "/" + serviceId;
}

/// <summary>
/// A deploy trigger, as Railway's schema has it (<c>DeploymentTrigger</c>): a push of
/// <paramref name="Branch"/> to <paramref name="Repository"/> deploys the service in the environment.
/// A service instance has at most one; one without a trigger is deployed only on request.
/// </summary>
public sealed record TriggerEntity(string Id, string ProjectId, string EnvironmentId, string ServiceId,
    string Repository, string Branch, string Provider, bool CheckSuites, DateTimeOffset CreatedAt)
{
    public const string GitHubProvider = "github";
}

/// <summary>A deployment and its position in creation order (cursors and newest-first lists use it).</summary>
public sealed record DeploymentEntry(long Sequence, DeploymentRecord Record);

/// <summary>The variables of one scope: an environment's shared ones (ServiceId null) or one service's.</summary>
public sealed record VariableScope(string EnvironmentId, string? ServiceId, IReadOnlyDictionary<string, string> Values)
{
    public string Key => EnvironmentId + "/" + (ServiceId ?? "");
}

/// <summary>A public domain of a service instance: a generated service domain (Kind "service",
/// <c>&lt;service&gt;-&lt;environment&gt;-&lt;suffix&gt;.up.railway.app</c>) or a custom one (Kind "custom",
/// with the DNS record Railway asks for and the token that verifies it).</summary>
public sealed record DomainEntity(string Id, string Kind, string ProjectId, string EnvironmentId, string ServiceId,
    string Domain, int? TargetPort, string? VerificationToken, DateTimeOffset CreatedAt)
{
    public const string ServiceKind = "service";
    public const string CustomKind = "custom";
}

public sealed record LogEntry(string DeploymentId, LogKind Kind, LogRecord Line);
