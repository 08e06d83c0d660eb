using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Graph;

public sealed record DeploymentInstanceView(string Id, string Status);

public sealed class DeploymentView(DeploymentRecord deployment, GraphContext graph)
{
    private static readonly HashSet<DeployStatus> InProgress =
        [DeployStatus.QUEUED, DeployStatus.INITIALIZING, DeployStatus.WAITING, DeployStatus.BUILDING, DeployStatus.DEPLOYING];

    public DeploymentRecord Record => deployment;
    public string Id => deployment.Id;
    public string Status => deployment.Status.ToString();
    public DateTimeOffset CreatedAt => deployment.CreatedAt;
    public DateTimeOffset UpdatedAt => deployment.UpdatedAt;
    public DateTimeOffset? StatusUpdatedAt => deployment.StatusUpdatedAt;
    public bool DeploymentStopped => deployment.DeploymentStopped;
    public string ProjectId => deployment.ProjectId;
    public string EnvironmentId => deployment.EnvironmentId;
    public string? ServiceId => deployment.ServiceId;
    public string? SnapshotId => null;
    public bool SuggestAddServiceDomain => false;
    public bool CanRedeploy => !InProgress.Contains(deployment.Status);
    public bool CanRollback => graph.Engine.CanRollback(deployment.Id);
    public string? StaticUrl => deployment.StaticUrl ?? graph.Engine.ServiceDomain(deployment.EnvironmentId, deployment.ServiceId);
    public string? Url => deployment.Url;
    public EnvironmentView Environment => new(graph.Environment(deployment.EnvironmentId), graph);
    public ServiceView Service => new(graph.Service(deployment.ServiceId), graph);

    public IReadOnlyDictionary<string, object?> Meta
    {
        get
        {
            var meta = new Dictionary<string, object?>();
            void Add(string key, string? value)
            {
                if (value is not null)
                    meta[key] = value;
            }
            Add("commitHash", deployment.Meta.CommitHash);
            Add("commitMessage", deployment.Meta.CommitMessage);
            Add("commitAuthor", deployment.Meta.CommitAuthor);
            Add("branch", deployment.Meta.Branch);
            Add("repo", deployment.Meta.Repo);
            Add("reason", deployment.Meta.Reason);
            return meta;
        }
    }

    /// <summary>One replica per deployment; its state follows the deployment's.</summary>
    public IReadOnlyList<DeploymentInstanceView> Instances
    {
        get
        {
            var status = deployment.Status switch
            {
                DeployStatus.SUCCESS => deployment.DeploymentStopped ? "EXITED" : "RUNNING",
                DeployStatus.CRASHED => "CRASHED",
                DeployStatus.DEPLOYING => "INITIALIZING",
                DeployStatus.REMOVING => "REMOVING",
                DeployStatus.SLEEPING => "STOPPED",
                _ => null,
            };
            return status is null ? [] : [new DeploymentInstanceView(deployment.Id + "-0", status)];
        }
    }
}
