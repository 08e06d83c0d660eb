using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace RailwayOps.Core.Git;

/// <summary>Stops a git process and everything it started, without leaving git's lock files behind.</summary>
internal static class ProcessTermination
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    // Enough for git to run its signal handler and delete index.lock; a killed git leaves it behind
    // and every later git command in the repository then fails until it is removed by hand.
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);

    public static void Stop(Process process)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // Descendants first (hooks, ssh, credential helpers): once git exits they are
                // re-parented and could no longer be found from git's process id.
                foreach (var descendant in Descendants(process.Id))
                {
                    _ = kill(descendant, SigKill);
                }
                _ = kill(process.Id, SigTerm);
                if (process.WaitForExit(GracePeriod))
                {
                    return;
                }
            }
            process.Kill(entireProcessTree: true);
            process.WaitForExit(GracePeriod);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the cancellation and the kill.
        }
    }

    /// <summary>Every process below <paramref name="rootId"/>, read from /proc, deepest last.</summary>
    private static List<int> Descendants(int rootId)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || ParentOf(directory) is not { } parent)
            {
                continue;
            }
            if (!parents.TryGetValue(parent, out var children))
            {
                parents[parent] = children = new List<int>();
            }
            children.Add(id);
        }
        var result = new List<int>();
        var pending = new Queue<int>([rootId]);
        while (pending.Count > 0)
        {
            if (!parents.TryGetValue(pending.Dequeue(), out var children))
            {
                continue;
            }
            foreach (var child in children)
            {
                result.Add(child);
                pending.Enqueue(child);
            }
        }
        return result;
    }

    private static int? ParentOf(string procDirectory)
    {
        try
        {
            // /proc/<pid>/stat is "pid (command) state ppid ...": the command may contain spaces
            // and parentheses, so read from the last ')'.
            var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
