using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using RailwayOps.Core.Auth;

namespace RailwayOps;

/// <summary>
/// The Connect-Railway defaults of each runspace. Keyed by runspace so that parallel runspaces in
/// one process (ForEach-Object -Parallel, hosted runspaces) never see each other's session.
/// </summary>
internal static class SessionStore
{
    private static readonly ConcurrentDictionary<Guid, RailwaySession> Sessions = new();
    private static readonly ConcurrentDictionary<Guid, List<RailwayEmulator>> Emulators = new();

    private static Guid Key => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    public static RailwaySession? Current => Sessions.TryGetValue(Key, out var session) ? session : null;

    public static void Set(RailwaySession session) => Sessions[Key] = session;

    public static void Clear() => Sessions.TryRemove(Key, out _);

    public static void AddEmulator(RailwayEmulator emulator)
    {
        var list = Emulators.GetOrAdd(Key, _ => new List<RailwayEmulator>());
        lock (list)
        {
            list.Add(emulator);
        }
    }

    public static void RemoveEmulator(RailwayEmulator emulator)
    {
        if (Emulators.TryGetValue(Key, out var list))
        {
            lock (list)
            {
                list.Remove(emulator);
            }
        }
    }

    /// <summary>The emulators this runspace started, most recent first.</summary>
    public static IReadOnlyList<RailwayEmulator> StartedEmulators
    {
        get
        {
            if (!Emulators.TryGetValue(Key, out var list))
            {
                return Array.Empty<RailwayEmulator>();
            }

            lock (list)
            {
                return list.AsEnumerable().Reverse().ToArray();
            }
        }
    }
}
