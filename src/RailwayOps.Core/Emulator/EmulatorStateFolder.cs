using System.Globalization;
using System.Text;

namespace RailwayOps.Core.Emulator;

/// <summary>
/// The temporary state folder the launcher makes for an emulator started without a state directory,
/// and its deletion once that emulator is gone. A folder the caller named is never handled here.
/// </summary>
internal static class EmulatorStateFolder
{
    /// <summary>The emulator's own naming for a temporary state folder, kept so that one pattern finds both.</summary>
    public const string TemporaryPrefix = "railwayops-emulator-";

    /// <summary>Set on every process the emulator's engine starts (builds, deployed apps); see OrphanReaper.</summary>
    private const string ProcessMarker = "RAILWAYOPS_EMULATOR_INSTANCE=";

    private static readonly TimeSpan LeftoverWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private const int DeleteAttempts = 5;

    /// <summary>A new empty folder in the temp folder; on Unix only its owner may enter it (it will hold secret.key).</summary>
    public static string CreateTemporary() => Directory.CreateTempSubdirectory(TemporaryPrefix).FullName;

    /// <summary>
    /// Deletes <paramref name="folder"/> and everything in it. Call only after the emulator process has
    /// exited: processes it started that still work in the folder are ended first (they would write into
    /// it while it is deleted), read-only entries are made writable, and a failed attempt is retried
    /// briefly. Returns null when the folder is gone, else the last failure.
    /// </summary>
    public static async Task<Exception?> DeleteAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        await EndLeftoverProcessesAsync(folder, cancellationToken).ConfigureAwait(false);
        Exception? failure = null;
        for (var attempt = 1; attempt <= DeleteAttempts; attempt++)
        {
            try
            {
                MakeWritable(new DirectoryInfo(folder));
                Directory.Delete(folder, recursive: true);
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A process that was still dying may have added a file; the next attempt sees it.
                failure = exception;
            }

            if (attempt < DeleteAttempts)
            {
                await Task.Delay(PollInterval * attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        return Directory.Exists(folder) ? failure : null;
    }

    /// <summary>
    /// Clears what stops a delete: the read-only attribute on Windows (git makes its objects read-only),
    /// missing owner permissions on a directory on Unix (tools such as Go's module cache make them
    /// read-only). Symbolic links are neither followed nor changed: their targets are not ours.
    /// </summary>
    private static void MakeWritable(DirectoryInfo directory)
    {
        MakeEntryWritable(directory);
        try
        {
            var entries = directory.GetFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true });
            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo subdirectory)
                {
                    MakeWritable(subdirectory);
                }
                else
                {
                    MakeEntryWritable(entry);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: the delete that follows reports what could not be removed.
        }
    }

    private static void MakeEntryWritable(FileSystemInfo entry)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                if (entry.Attributes.HasFlag(FileAttributes.ReadOnly))
                {
                    entry.Attributes &= ~FileAttributes.ReadOnly;
                }
            }
            else if (entry is DirectoryInfo)
            {
                // Removing an entry needs write and search permission on its directory, not on the entry itself.
                const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                var mode = entry.UnixFileMode;
                if ((mode & owner) != owner)
                {
                    entry.UnixFileMode = mode | owner;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }

    /// <summary>
    /// On Linux, ends the processes the emulator started that still work in the folder: an emulator that
    /// was killed, or crashed, leaves its builds and deployed apps to its watchdog, which may not have
    /// caught them yet. Only processes carrying the emulator's marker are ended; any other process
    /// (a shell someone opened in the folder) is left alone.
    /// </summary>
    private static async Task EndLeftoverProcessesAsync(string folder, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var root = RealPath(folder);
        var deadline = DateTime.UtcNow + LeftoverWait;
        var signalled = new HashSet<int>();
        while (true)
        {
            var leftovers = EmulatorProcessesWorkingIn(root);
            if (leftovers.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return;
            }

            foreach (var id in leftovers.Where(signalled.Add))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(id);
                    process.Kill();
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Processes whose working directory is <paramref name="root"/> or below it and that carry the emulator's marker.</summary>
    internal static List<int> EmulatorProcessesWorkingIn(string root)
    {
        var result = new List<int>();
        var prefix = root.EndsWith('/') ? root : root + "/";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                // A zombie has no working directory: it no longer holds anything open.
                var cwd = new DirectoryInfo(Path.Combine(directory, "cwd")).LinkTarget;
                if (cwd is null || (cwd != root && !cwd.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                var environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ")));
                if (environment.StartsWith(ProcessMarker, StringComparison.Ordinal) || environment.Contains('\0' + ProcessMarker, StringComparison.Ordinal))
                {
                    result.Add(id);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's process: not one of ours.
            }
        }

        return result;
    }

    /// <summary>The path with every symbolic link in it resolved, as /proc reports working directories.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            try
            {
                var target = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true);
                current = target is null ? next : Path.GetFullPath(target.FullName);
            }
            catch (IOException)
            {
                current = next;
            }
        }

        return current;
    }
}
