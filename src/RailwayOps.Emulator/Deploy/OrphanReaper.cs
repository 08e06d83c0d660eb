namespace RailwayOps.Emulator.Deploy;

/// <summary>A watchdog shell in its own session that outlives the emulator: when the emulator dies
/// without stopping its children (kill -9, a crash, a host that gave up waiting), it kills every
/// process carrying this engine's instance marker, even if the state folder is already deleted, and then
/// deletes the state folder when the emulator was running on a temporary one. A clean stop does the same
/// sweep itself (<see cref="ProcessRegistry.CloseAsync"/>) and then ends the watchdog.</summary>
public static class OrphanReaper
{
    /// <summary>Set on every process the engine starts for a deployment; the value is the engine's instance id.</summary>
    public const string MarkerVariable = "RAILWAYOPS_EMULATOR_INSTANCE";

    /// <summary>A file in the state folder whose presence means "delete this folder when the emulator is gone".</summary>
    public const string TemporaryStateFile = ".temporary-state";

    // A killed emulator stays a zombie until its parent reaps it, so "gone" includes state Z. The sweep
    // runs twice: a process that was forking during the first one is caught by the second.
    private const string Script = """
        emulator="$RAILWAYOPS_REAPER_EMULATOR_PID"; marker="RAILWAYOPS_EMULATOR_INSTANCE=$RAILWAYOPS_REAPER_INSTANCE"
        while state=$(cut -d' ' -f3 "/proc/$emulator/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]; do
          sleep 1
        done
        for round in 1 2; do
          # The marked processes and every descendant of theirs, found before anything is killed: a PostgreSQL backend
          # leaves its server's session and writes its title over its environment, so only its parent ties it to us,
          # and once its server is killed it is reparented and that tie is gone too.
          table=$(for stat in /proc/[0-9]*/stat; do
            line=$(cat "$stat" 2>/dev/null) || continue
            set -- ${line##*) }
            echo "${line%% *} $2"
          done)
          marked=" "
          for environ in /proc/[0-9]*/environ; do
            if tr '\0' '\n' < "$environ" 2>/dev/null | grep -qx "$marker"; then
              pid=${environ#/proc/}
              marked="$marked${pid%/environ} "
            fi
          done
          grew=1
          while [ "$grew" = 1 ]; do
            grew=0
            while read -r pid parent; do
              case "$marked" in *" $parent "*) case "$marked" in *" $pid "*) ;; *) marked="$marked$pid "; grew=1 ;; esac ;; esac
            done <<TABLE
        $table
        TABLE
          done
          for pid in $marked; do kill -9 "$pid" 2>/dev/null; done
        done
        state="$RAILWAYOPS_REAPER_STATE"
        if [ -n "$state" ] && [ -f "$state/.temporary-state" ]; then
          rm -rf "$state"
        fi
        """;

    public static ManagedProcess Start(string instanceId, string stateDirectory) =>
        ManagedProcess.Start(Script.Replace("\r\n", "\n"), "/", ProcessEnvironment.Build(new Dictionary<string, string>
        {
            ["RAILWAYOPS_REAPER_EMULATOR_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RAILWAYOPS_REAPER_INSTANCE"] = instanceId,
            ["RAILWAYOPS_REAPER_STATE"] = stateDirectory,
        }), (_, _) => { });
}
