using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.State;

/// <summary>A full snapshot of the state, as written to state.json.</summary>
public sealed class StateDocument
{
    /// <summary>The version this build writes. 1: before deploy triggers (instances carried the branch).</summary>
    public const int CurrentFormat = 2;

    public int FormatVersion { get; set; } = CurrentFormat;
    public long NextSequence { get; set; }
    public AccountEntity? Account { get; set; }
    public List<TokenEntity> Tokens { get; set; } = [];
    public List<string> GitHubTokens { get; set; } = [];
    public List<ProjectEntity> Projects { get; set; } = [];
    public List<ServiceEntity> Services { get; set; } = [];
    public List<EnvironmentRecord> Environments { get; set; } = [];
    public List<InstanceEntity> Instances { get; set; } = [];
    public List<TriggerEntity> Triggers { get; set; } = [];
    public List<DeploymentEntry> Deployments { get; set; } = [];
    public List<VariableScope> Variables { get; set; } = [];
    public List<LogEntry> Logs { get; set; } = [];
    public List<DomainEntity> Domains { get; set; } = [];
    public List<VolumeEntity> Volumes { get; set; } = [];
}

/// <summary>One change appended to journal.jsonl; exactly one payload property is set.</summary>
public sealed class JournalEntry
{
    public EnvironmentRecord? Environment { get; set; }
    public string? DeletedEnvironmentId { get; set; }
    public InstanceEntity? Instance { get; set; }
    public TriggerEntity? Trigger { get; set; }
    public DeploymentEntry? Deployment { get; set; }
    public LogEntry? Log { get; set; }
    public VariableScope? Variables { get; set; }
    public DomainEntity? Domain { get; set; }
    public ProjectEntity? Project { get; set; }
    public string? DeletedDomainId { get; set; }
    public VolumeEntity? Volume { get; set; }
    public string? DeletedVolumeId { get; set; }
    public ServiceEntity? Service { get; set; }
}
