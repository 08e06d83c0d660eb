namespace RailwayOps.Emulator.Deploy;

/// <summary>Small files that let the engine pick up after a crash of the emulator: which deployments
/// ever went live (rollback targets, processes to start again) and which process groups are ours.</summary>
public sealed class EngineMarkers
{
    private readonly string _wentLive;
    private readonly string _pids;

    public EngineMarkers(EngineOptions options)
    {
        _wentLive = Path.Combine(options.EngineRoot, "went-live");
        _pids = Path.Combine(options.EngineRoot, "pids");
        Directory.CreateDirectory(_wentLive);
        Directory.CreateDirectory(_pids);
    }

    public void MarkWentLive(string deploymentId) => File.WriteAllText(Path.Combine(_wentLive, deploymentId), "");

    public bool WentLive(string deploymentId) => File.Exists(Path.Combine(_wentLive, deploymentId));

    public void RecordProcess(string deploymentId, int processGroupId) =>
        File.WriteAllText(Path.Combine(_pids, deploymentId), processGroupId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void ForgetProcess(string deploymentId) => File.Delete(Path.Combine(_pids, deploymentId));

    /// <summary>Kills process groups a killed emulator left running. A group is killed only when its
    /// leader still carries that deployment's id in its environment, so a recycled pid is left alone.</summary>
    public void KillLeftoverProcesses()
    {
        foreach (var file in Directory.GetFiles(_pids))
        {
            var deploymentId = Path.GetFileName(file);
            if (int.TryParse(File.ReadAllText(file).Trim(), out var pid) && IsOurs(pid, deploymentId))
            {
                ManagedProcess.KillGroup(pid);
            }
            File.Delete(file);
        }
    }

    private static bool IsOurs(int pid, string deploymentId)
    {
        try
        {
            var environment = File.ReadAllText($"/proc/{pid}/environ");
            return environment.Split('\0').Contains($"RAILWAY_DEPLOYMENT_ID={deploymentId}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
