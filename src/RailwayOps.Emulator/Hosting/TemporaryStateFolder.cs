using RailwayOps.Emulator.Deploy;

namespace RailwayOps.Emulator.Hosting;

/// <summary>
/// A state folder made for one run (<c>--temporary-state</c>): it holds a marker file while it is to be
/// deleted. The emulator deletes it as the last thing it does, once every process it started has stopped,
/// so that however the emulator is ended short of <c>kill -9</c> (shutdown request, SIGTERM, SIGINT, its
/// parent process exiting or being killed) nothing of it is left, <c>secret.key</c> included. After a
/// <c>kill -9</c> its watchdog deletes it (<see cref="OrphanReaper"/>). A shutdown that asks to keep the
/// state removes the marker first.
/// </summary>
public static class TemporaryStateFolder
{
    public static void Mark(string stateDirectory) =>
        File.WriteAllText(Path.Combine(stateDirectory, OrphanReaper.TemporaryStateFile),
            "This folder is deleted when the emulator that runs on it exits.\n");

    /// <summary>Keeps the folder: neither the emulator nor its watchdog will delete it.</summary>
    public static void Keep(string stateDirectory)
    {
        try
        {
            File.Delete(Path.Combine(stateDirectory, OrphanReaper.TemporaryStateFile));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone with its folder.
        }
    }

    public static bool IsMarked(string stateDirectory) =>
        File.Exists(Path.Combine(stateDirectory, OrphanReaper.TemporaryStateFile));

    /// <summary>Deletes the folder when it is still marked; returns why not when it could not be deleted.</summary>
    public static async Task<string?> DeleteIfMarkedAsync(string stateDirectory)
    {
        if (!IsMarked(stateDirectory))
        {
            return null;
        }
        Exception? failure = null;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                Directory.Delete(stateDirectory, recursive: true);
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A process that was just killed may still have been closing a file in it.
                failure = exception;
                await Task.Delay(100 * attempt);
            }
        }
        return Directory.Exists(stateDirectory) ? failure?.Message : null;
    }
}
