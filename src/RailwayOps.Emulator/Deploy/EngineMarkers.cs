namespace RailwayOps.Emulator.Deploy;

/// <summary>A small file per deployment that ever went live (rollback targets, processes to start again
/// after a restart of the emulator). Which processes are the engine's is kept by <see cref="ProcessRegistry"/>.</summary>
public sealed class EngineMarkers
{
    private readonly string _wentLive;

    public EngineMarkers(EngineOptions options)
    {
        _wentLive = Path.Combine(options.EngineRoot, "went-live");
        Directory.CreateDirectory(_wentLive);
    }

    public void MarkWentLive(string deploymentId) => File.WriteAllText(Path.Combine(_wentLive, deploymentId), "");

    public bool WentLive(string deploymentId) => File.Exists(Path.Combine(_wentLive, deploymentId));
}
