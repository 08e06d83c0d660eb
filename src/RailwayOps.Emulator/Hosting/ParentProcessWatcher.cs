using System.Diagnostics;

namespace RailwayOps.Emulator.Hosting;

/// <summary>Stops the emulator when the process that started it exits, so none is left behind.</summary>
public static class ParentProcessWatcher
{
    public static void Watch(int parentPid, Action onExit)
    {
        Process parent;
        try
        {
            parent = Process.GetProcessById(parentPid);
        }
        catch (ArgumentException)
        {
            onExit();
            return;
        }
        _ = Task.Run(async () =>
        {
            using (parent)
                await parent.WaitForExitAsync();
            onExit();
        });
    }
}
