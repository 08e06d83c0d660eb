namespace RailwayOps.Emulator.Deploy;

/// <summary>A deployment waiting for (or going through) the pipeline of its service instance.</summary>
public sealed class DeploymentJob(string deploymentId, string repo, string commitSha)
{
    public string DeploymentId { get; } = deploymentId;
    public string Repo { get; } = repo;
    public string CommitSha { get; } = commitSha;
    /// <summary>The unpacked upload this deployment builds from (railway up), or null for a commit.</summary>
    public string? UploadDirectory { get; private init; }

    public static DeploymentJob ForUpload(string deploymentId, string uploadDirectory) =>
        new(deploymentId, "", "") { UploadDirectory = uploadDirectory };

    /// <summary>The image this deployment runs (a database service), or null for code.</summary>
    public string? Image { get; private init; }

    public static DeploymentJob ForImage(string deploymentId, string image) => new(deploymentId, "", "") { Image = image };
    public CancellationTokenSource Cancellation { get; } = new();
    /// <summary>Set when the user cancelled it (as opposed to the emulator shutting down).</summary>
    public bool CancelledByUser { get; set; }
}

/// <summary>The deployment an instance's proxy points at, and its replicas (one process each).</summary>
public sealed class LiveDeployment(string deploymentId, string workDirectory, EffectiveSettings settings)
{
    public string DeploymentId { get; } = deploymentId;
    public string WorkDirectory { get; } = workDirectory;
    public EffectiveSettings Settings { get; } = settings;
    /// <summary>The replicas, in the order they were started; guarded by the runner's lock.</summary>
    public List<Replica> Replicas { get; } = [];
    /// <summary>Bumped whenever the deployment is taken over (stopped, replaced), so every stale crash
    /// watcher of its replicas backs off.</summary>
    public int Generation { get; set; }
}

/// <summary>One replica of a live deployment: its process, port and its own restart count (the restart
/// policy applies per replica).</summary>
public sealed class Replica(int number)
{
    /// <summary>1-based, as the deploy log names it.</summary>
    public int Number { get; } = number;
    /// <summary>RAILWAY_REPLICA_ID: a new one per replica, kept across its restarts.</summary>
    public string ReplicaId { get; } = Guid.NewGuid().ToString();
    public ManagedProcess? Process { get; set; }
    public int Port { get; set; }
    public int Restarts { get; set; }
    /// <summary>Bumped whenever this replica's process is replaced or stopped.</summary>
    public int Generation { get; set; }
}
