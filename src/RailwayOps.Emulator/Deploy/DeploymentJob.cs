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
    public CancellationTokenSource Cancellation { get; } = new();
    /// <summary>Set when the user cancelled it (as opposed to the emulator shutting down).</summary>
    public bool CancelledByUser { get; set; }
}

/// <summary>The deployment an instance's proxy points at, and its process.</summary>
public sealed class LiveDeployment(string deploymentId, string workDirectory, EffectiveSettings settings)
{
    public string DeploymentId { get; } = deploymentId;
    public string WorkDirectory { get; } = workDirectory;
    public EffectiveSettings Settings { get; } = settings;
    public ManagedProcess? Process { get; set; }
    public int Port { get; set; }
    public int Restarts { get; set; }
    /// <summary>Bumped whenever the process is replaced, so a stale crash watcher backs off.</summary>
    public int Generation { get; set; }
}
