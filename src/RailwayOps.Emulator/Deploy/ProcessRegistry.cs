using System.Globalization;

namespace RailwayOps.Emulator.Deploy;

/// <summary>
/// Owns every process the engine starts (builds, deployed apps) for its whole life. A process is started
/// only through here: it gets the minimal environment plus the engine's instance marker, runs in a session
/// of its own, and is on the list (and in <c>engine/pids</c>) before anything else can look, under the same
/// lock that a shutdown takes. Once <see cref="CloseAsync"/> has begun nothing new starts; it stops every
/// process on the list, ends what is left of their sessions, and kills every process that still carries
/// the marker (a daemon that left its session, a child nobody kept a handle on). After a <c>kill -9</c> of
/// the emulator the <see cref="OrphanReaper"/> does the marker sweep, and the next start on the same state
/// folder does it again from <c>engine/pids</c>.
/// </summary>
public sealed class ProcessRegistry
{
    private readonly object _lock = new();
    private readonly Dictionary<int, ManagedProcess> _processes = [];
    private readonly string _pidsFolder;
    private bool _open;

    public ProcessRegistry(string engineRoot, string instanceId)
    {
        _pidsFolder = Path.Combine(engineRoot, "pids");
        InstanceId = instanceId;
    }

    /// <summary>The value of <see cref="OrphanReaper.MarkerVariable"/> in every process started here.</summary>
    public string InstanceId { get; }

    public string Marker => OrphanReaper.MarkerVariable + "=" + InstanceId;

    /// <summary>Processes on the list (running, or exited and not yet disposed).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _processes.Count;
            }
        }
    }

    /// <summary>Lets processes start (again, after a re-seed stopped the engine).</summary>
    public void Open()
    {
        Directory.CreateDirectory(_pidsFolder);
        lock (_lock)
        {
            _open = true;
        }
    }

    /// <summary>Starts <paramref name="command"/> owned by this registry; refused once a shutdown has begun.</summary>
    public ManagedProcess Start(string command, string workingDirectory, IReadOnlyDictionary<string, string> variables,
        Action<string, bool> onLine)
    {
        var environment = ProcessEnvironment.Build(variables);
        environment[OrphanReaper.MarkerVariable] = InstanceId;
        lock (_lock)
        {
            if (!_open)
            {
                throw new OperationCanceledException("The emulator is stopping: no new process is started");
            }
            var process = ManagedProcess.Start(command, workingDirectory, environment, onLine, Forget);
            _processes[process.Id] = process;
            File.WriteAllText(PidFile(process.Id), InstanceId);
            return process;
        }
    }

    /// <summary>
    /// Stops every process on the list (SIGTERM to its group, SIGKILL after the grace period), then kills
    /// the rest of their sessions and every process carrying this engine's marker. Nothing starts meanwhile.
    /// </summary>
    public async Task CloseAsync()
    {
        List<ManagedProcess> processes;
        lock (_lock)
        {
            _open = false;
            processes = [.. _processes.Values];
        }
        // Members of the sessions are looked up while their leaders still hold the session ids.
        var sessions = processes.Where(p => !p.HasExited).Select(p => p.Id).ToHashSet();
        var members = ProcessTable.InSessions(sessions);
        await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
        foreach (var member in members)
        {
            ManagedProcess.KillProcess(member);
        }
        KillMarked(InstanceId);
        lock (_lock)
        {
            foreach (var id in _processes.Keys.ToList())
            {
                ForgetLocked(id);
            }
        }
    }

    /// <summary>Kills every process that carries the marker of engine instance <paramref name="instanceId"/>.</summary>
    public static int KillMarked(string instanceId)
    {
        var marked = ProcessTable.Carrying(OrphanReaper.MarkerVariable + "=" + instanceId);
        foreach (var id in marked)
        {
            ManagedProcess.KillProcess(id);
        }
        return marked.Count;
    }

    /// <summary>
    /// After an emulator that was killed: ends what its engine left running, found from <c>engine/pids</c>
    /// (each file names a process and holds the instance marker it was started with).
    /// </summary>
    public void KillLeftovers()
    {
        if (!Directory.Exists(_pidsFolder))
        {
            return;
        }
        var instances = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(_pidsFolder))
        {
            var content = File.ReadAllText(file).Trim();
            if (int.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                if (content.Length > 0)
                {
                    instances.Add(content);
                }
            }
            else if (int.TryParse(content, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessTable.EnvironmentOf(pid).Contains("RAILWAY_DEPLOYMENT_ID=" + Path.GetFileName(file)))
            {
                // Written by an older emulator: named after the deployment, holding the process group id.
                ManagedProcess.KillGroup(pid);
            }
            File.Delete(file);
        }
        foreach (var instance in instances)
        {
            KillMarked(instance);
        }
    }

    private void Forget(ManagedProcess process)
    {
        lock (_lock)
        {
            if (_processes.TryGetValue(process.Id, out var known) && ReferenceEquals(known, process))
            {
                ForgetLocked(process.Id);
            }
        }
    }

    private void ForgetLocked(int id)
    {
        _processes.Remove(id);
        try
        {
            File.Delete(PidFile(id));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A state folder being deleted under a stopping emulator: nothing left to record.
        }
    }

    private string PidFile(int id) => Path.Combine(_pidsFolder, id.ToString(CultureInfo.InvariantCulture));
}

/// <summary>What /proc says about the processes of this machine (Linux; empty elsewhere).</summary>
public static class ProcessTable
{
    /// <summary>Live processes (not zombies, not this process) whose environment holds <paramref name="entry"/> exactly.</summary>
    public static List<int> Carrying(string entry) =>
        Matching(id => EnvironmentOf(id).Contains(entry));

    /// <summary>Live processes whose session id is one of <paramref name="sessions"/>.</summary>
    public static List<int> InSessions(IReadOnlySet<int> sessions) =>
        sessions.Count == 0 ? [] : Matching(id => Stat(id) is { } stat && sessions.Contains(stat.Session));

    /// <summary>Live processes in process group <paramref name="processGroupId"/>.</summary>
    public static List<int> InGroup(int processGroupId) =>
        processGroupId <= 1 ? [] : Matching(id => Stat(id) is { } stat && stat.Group == processGroupId);

    public static IReadOnlyList<string> EnvironmentOf(int id)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{id}/environ"))
                .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static (char State, int Group, int Session)? Stat(int id)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{id}/stat");
            // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static List<int> Matching(Func<int, bool> predicate)
    {
        var result = new List<int>();
        if (!OperatingSystem.IsLinux())
        {
            return result;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || id == Environment.ProcessId)
            {
                continue;
            }
            if (Stat(id) is { State: not 'Z' } && predicate(id))
            {
                result.Add(id);
            }
        }
        return result;
    }
}
