namespace RailwayOps.Emulator.Contracts;

// The seam between the state/GraphQL side of the emulator (State/, Graph/) and the side that
// actually runs things (Deploy/, Git/, Proxy/, GitHub/). GraphQL mutations call IDeploymentEngine;
// the engine reads and writes state only through IEmulatorStore, so each side can be tested alone.

public enum DeployStatus
{
    BUILDING, CRASHED, DEPLOYING, FAILED, INITIALIZING, NEEDS_APPROVAL, QUEUED, REMOVED, REMOVING,
    SKIPPED, SLEEPING, SUCCESS, WAITING,
}

public sealed record DeploymentMetaInfo(
    string? CommitHash, string? CommitMessage, string? CommitAuthor, string? Branch, string? Repo,
    string? Reason = null, string? Image = null);

public sealed record DeploymentRecord(
    string Id, string ProjectId, string EnvironmentId, string ServiceId, DeployStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StatusUpdatedAt,
    DeploymentMetaInfo Meta, bool DeploymentStopped, string? StaticUrl, string? Url);

public sealed record ServiceSettingsRecord(
    string? BuildCommand, string? StartCommand, string? HealthcheckPath, int? HealthcheckTimeout,
    string RestartPolicyType, int RestartPolicyMaxRetries, IReadOnlyList<string> WatchPatterns,
    int? NumReplicas = null, string? Region = null, string? CronSchedule = null, bool? SleepApplication = null,
    string? RailwayConfigFile = null)
{
    /// <summary>The region of an instance whose seed names none (Railway's default region id).</summary>
    public const string DefaultRegion = "us-west2";
}

public sealed record ServiceInstanceRecord(
    string ServiceId, string ServiceName, string EnvironmentId, string EnvironmentName,
    string ProjectId, string ProjectName, string? Repo, string? Branch,
    ServiceSettingsRecord Settings, int? ProxyPort, string? Image = null);

public sealed record EnvironmentRecord(
    string Id, string Name, string ProjectId, bool IsEphemeral, string? SourceEnvironmentId,
    int? PrNumber, string? PrTitle, string? PrRepo, string? Branch, string? BaseBranch,
    DateTimeOffset CreatedAt);

public enum LogKind { Build, Deploy }

public sealed record LogRecord(
    DateTimeOffset Timestamp, string Message, string Severity,
    IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>What the engine may read and change. Implemented by the state side (State/).</summary>
public interface IEmulatorStore
{
    IReadOnlyList<ServiceInstanceRecord> ServiceInstancesTrackingRepo(string repo, string branch);
    /// <summary>Every service instance of every project (the engine creates a bare repository for
    /// each distinct Repo and a proxy for each instance, also after a re-seed).</summary>
    IReadOnlyList<ServiceInstanceRecord> AllServiceInstances();
    /// <summary>Whether a GitHub REST token is one of the seed's githubTokens.</summary>
    bool IsGitHubTokenValid(string token);
    ServiceInstanceRecord? GetServiceInstance(string environmentId, string serviceId);
    IReadOnlyList<ServiceInstanceRecord> GetServiceInstances(string environmentId);
    EnvironmentRecord? GetEnvironment(string environmentId);
    IReadOnlyList<EnvironmentRecord> GetEnvironments(string projectId);
    DeploymentRecord? GetDeployment(string deploymentId);
    IReadOnlyList<DeploymentRecord> GetDeployments(string environmentId, string serviceId);

    DeploymentRecord CreateDeployment(string environmentId, string serviceId, DeploymentMetaInfo meta,
        DeployStatus initialStatus);
    DeploymentRecord SetStatus(string deploymentId, DeployStatus status, bool? deploymentStopped = null);
    void SetProxyPort(string environmentId, string serviceId, int port);
    void AppendLog(string deploymentId, LogKind kind, LogRecord line);

    /// <summary>The variables of exactly one scope (a service, or shared when serviceId is null), as
    /// stored: references such as ${{shared.X}} are not rendered (State/VariableReferences does that).</summary>
    IReadOnlyDictionary<string, string> GetVariables(string environmentId, string? serviceId);

    /// <summary>The volume mounted into the service instance, or null (a service has at most one).</summary>
    VolumeMount? GetVolumeMount(string environmentId, string serviceId) => null;

    /// <summary>Every volume of an environment (its deletion deletes their folders).</summary>
    IReadOnlyList<VolumeMount> GetVolumeMounts(string environmentId) => [];

    /// <summary>Creates an ephemeral environment copying services, settings and variables.</summary>
    EnvironmentRecord CreatePullRequestEnvironment(string projectId, string sourceEnvironmentId,
        string name, int prNumber, string prTitle, string prRepo, string branch, string baseBranch);
    void DeleteEnvironment(string environmentId);

    /// <summary>Raised after every status change (subscriptions and GitHub reporting listen).</summary>
    event Action<DeploymentRecord>? DeploymentChanged;
    /// <summary>Raised after every appended log line (log subscriptions listen).</summary>
    event Action<string, LogKind, LogRecord>? LogAppended;
}

/// <summary>What GraphQL mutations ask of the engine. Implemented by the running side (Deploy/).</summary>
public interface IDeploymentEngine
{
    /// <summary>serviceInstanceDeployV2: deploy commitSha (or the branch head) of the instance's repo.
    /// Throws <see cref="EmulatorUserException"/> ("Commit not found") for an unknown SHA.</summary>
    string Deploy(string environmentId, string serviceId, string? commitSha, string? reason = null);
    /// <summary>deploymentRedeploy: a new deployment of the same commit. Returns the new record.</summary>
    DeploymentRecord Redeploy(string deploymentId);
    /// <summary>serviceInstanceRedeploy: redeploy the latest deployment's commit.</summary>
    void RedeployServiceInstance(string environmentId, string serviceId);
    void Restart(string deploymentId);
    /// <summary>Throws EmulatorUserException when the deployment cannot be rolled back.</summary>
    void Rollback(string deploymentId);
    void Cancel(string deploymentId);
    Task StopAsync(string deploymentId);
    Task RemoveAsync(string deploymentId);
    void Approve(string deploymentId);
    /// <summary>Stops every process of an environment; call it when an environment is deleted.</summary>
    Task EnvironmentDeletedAsync(string environmentId);
    /// <summary>After a variable change without skipDeploys: one redeploy per affected service.</summary>
    void VariablesChanged(string environmentId, IReadOnlyCollection<string> serviceIds);
    /// <summary>Whether rollback is possible (used for Deployment.canRollback).</summary>
    bool CanRollback(string deploymentId);
    /// <summary>The stable loopback URL of a service instance, e.g. "127.0.0.1:41234", or null.</summary>
    string? ServiceDomain(string environmentId, string serviceId);
    /// <summary>Start the live deployments again after a restart on an existing state folder.</summary>
    Task ResumeAsync(CancellationToken cancellationToken);
    /// <summary>Stop every process the emulator started.</summary>
    Task StopAllAsync();
    /// <summary>numReplicas of the instance changed: its live deployment gets that many replicas (awaited: the new
    /// ones are health-checked and serve, or the surplus ones have stopped, when it returns).</summary>
    Task ScaleAsync(string environmentId, string serviceId);
    /// <summary>A volume was attached to the instance: its latest deployment is redeployed with the volume mounted.</summary>
    void VolumeAttached(string environmentId, string serviceId) => VariablesChanged(environmentId, [serviceId]);
    /// <summary>A volume was deleted: its folder goes, and the instance it was attached to (if any) is redeployed without it.</summary>
    void VolumeDeleted(string volumeId, string environmentId, string? serviceId) { }
    /// <summary>What the volume's folder holds now, in MB.</summary>
    double VolumeSizeMB(string volumeId) => 0;
    /// <summary>The running replicas of every live deployment: service instance, replica id and process id.</summary>
    IReadOnlyList<RunningReplica> RunningReplicas();
    /// <summary>A deployment of the instance's image (a database service made by templateDeployV2): the engine runs
    /// the server the image stands for. Returns the deployment's id.</summary>
    string DeployImage(string environmentId, string serviceId, string reason) =>
        throw new EmulatorUserException("This engine does not run images");
    /// <summary>Why the engine cannot run <paramref name="image"/> on this machine (a server binary is missing, naming
    /// the Debian package), or null when it can.</summary>
    string? ImageProblem(string image) => null;
}

/// <summary>A volume mounted into a service instance: its folder is <c>volumes/&lt;VolumeId&gt;</c> under the state directory.</summary>
public sealed record VolumeMount(string VolumeId, string Name, string MountPath);

/// <summary>One running replica of a live deployment (the process the engine started for it).</summary>
public sealed record RunningReplica(string EnvironmentId, string ServiceId, string DeploymentId, string ReplicaId, int ProcessId);

/// <summary>An error to surface to the GraphQL caller as its message (e.g. "Commit not found").</summary>
public sealed class EmulatorUserException(string message) : Exception(message);
