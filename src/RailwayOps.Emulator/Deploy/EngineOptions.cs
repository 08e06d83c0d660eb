namespace RailwayOps.Emulator.Deploy;

/// <summary>Where the running side keeps its files inside the emulator's state folder.</summary>
public sealed record EngineOptions(string StateDirectory)
{
    public string GitRoot => Path.Combine(StateDirectory, "git");
    public string WorkRoot => Path.Combine(StateDirectory, "work");
    public string EngineRoot => Path.Combine(StateDirectory, "engine");

    public string WorkDirectory(string deploymentId) => Path.Combine(WorkRoot, deploymentId);
    public string VolumeRoot => Path.Combine(StateDirectory, "volumes");
    /// <summary>The folder of a volume: it outlives deployments, restarts and the emulator (it is in the state folder).</summary>
    public string VolumeDirectory(string volumeId) => Path.Combine(VolumeRoot, volumeId);

    /// <summary>Unpacked uploads (railway up), one folder per deployment: the source of its build, its redeploys and its resume.</summary>
    public string UploadRoot => Path.Combine(StateDirectory, "uploads");

    public string UploadDirectory(string deploymentId) => Path.Combine(UploadRoot, deploymentId);

    /// <summary>Per poll of a health check; short so that a hung app cannot stretch the timeout.</summary>
    public TimeSpan HealthcheckAttemptTimeout { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>The pause after the first failed health probe; it doubles after every further one.</summary>
    public TimeSpan HealthcheckInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>The longest pause between two health probes.</summary>
    public TimeSpan HealthcheckMaxInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>First wait before a crashed process is restarted; doubles per attempt, capped at 5 s.</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Folders (colon-separated) holding the database servers' binaries; null: the
    /// RAILWAYOPS_EMULATOR_DATABASE_BIN environment variable, else the system's (see <see cref="DatabaseServers"/>).</summary>
    public string? DatabaseBinPath { get; init; }
    /// <summary>Where a database server keeps its sockets and run files: short, since a unix socket path is limited to 107 bytes.</summary>
    public string DatabaseRunDirectory(string deploymentId) => Path.Combine(EngineRoot, "run", deploymentId[..Math.Min(8, deploymentId.Length)]);
    /// <summary>How often the metrics sampler measures the running processes (null: every 2 s).</summary>
    public TimeSpan? MetricsInterval { get; init; }
}
