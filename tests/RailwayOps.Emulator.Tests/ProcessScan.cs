using System.Globalization;
using System.Text;

namespace RailwayOps.Emulator.Tests;

/// <summary>Reads /proc to see which processes a test left running (Linux only).</summary>
public static class ProcessScan
{
    /// <summary>Live (not zombie) processes whose working directory is <paramref name="folder"/> or below it.</summary>
    public static IReadOnlyList<int> WorkingIn(string folder)
    {
        var root = Path.GetFullPath(folder).TrimEnd('/');
        return Matching(id =>
        {
            var cwd = new DirectoryInfo($"/proc/{id}/cwd").LinkTarget;
            return cwd is not null && (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal));
        });
    }

    /// <summary>Live processes whose environment holds NAME=VALUE exactly.</summary>
    public static IReadOnlyList<int> WithVariable(string name, string value) =>
        Matching(id => Environment(id).Contains($"{name}={value}"));

    /// <summary>The environment of a process as NAME=VALUE entries; empty when it cannot be read.</summary>
    public static IReadOnlyList<string> Environment(int id)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{id}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>False for a process that is gone or a zombie (it runs no more, whoever reaps it).</summary>
    public static bool IsRunning(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits (bounded) until none of <paramref name="ids"/> runs; returns those still running.</summary>
    public static async Task<IReadOnlyList<int>> StillRunningAfterAsync(IEnumerable<int> ids, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var running = ids.Where(IsRunning).ToList();
            if (running.Count == 0 || DateTime.UtcNow > deadline)
            {
                return running;
            }
            await Task.Delay(100);
        }
    }

    private static List<int> Matching(Func<int, bool> predicate)
    {
        var result = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || id == System.Environment.ProcessId)
            {
                continue;
            }
            try
            {
                if (IsRunning(id) && predicate(id))
                {
                    result.Add(id);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return result;
    }
}
