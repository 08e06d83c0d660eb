using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RailwayOps.Emulator.Deploy;

public enum DatabaseKind { Postgres, Redis }

/// <summary>
/// The servers the engine runs for image services (the databases templateDeployV2 creates): the image names the
/// kind, as Railway's CLI tells them apart (<c>railway connect</c>: an image containing "postgres", "postgis" or
/// "timescale" is PostgreSQL, one containing "redis" is Redis), and this machine's binaries run it. Binaries are
/// looked up in <see cref="EngineOptions.DatabaseBinPath"/> (a colon-separated list of folders; else the
/// <see cref="BinPathVariable"/> environment variable; else Debian's <c>/usr/lib/postgresql/&lt;newest&gt;/bin</c>
/// and the usual system folders).
/// </summary>
public sealed class DatabaseServers(EngineOptions options)
{
    /// <summary>Where to look for the server binaries instead of the system folders (tests point it at a folder
    /// without them to see the "not installed" path).</summary>
    public const string BinPathVariable = "RAILWAYOPS_EMULATOR_DATABASE_BIN";

    public static DatabaseKind? KindOf(string? image)
    {
        var lower = image?.ToLowerInvariant();
        if (lower is null)
        {
            return null;
        }
        if (lower.Contains("postgres", StringComparison.Ordinal) || lower.Contains("postgis", StringComparison.Ordinal)
            || lower.Contains("timescale", StringComparison.Ordinal))
        {
            return DatabaseKind.Postgres;
        }
        return lower.Contains("redis", StringComparison.Ordinal) ? DatabaseKind.Redis : null;
    }

    /// <summary>The server for <paramref name="image"/>, or why there is none on this machine.</summary>
    public (DatabaseServer? Server, string? Problem) Resolve(string image)
    {
        switch (KindOf(image))
        {
            case DatabaseKind.Postgres:
                foreach (var folder in PostgresFolders())
                {
                    if (IsExecutable(Path.Combine(folder, "postgres")) && IsExecutable(Path.Combine(folder, "initdb")))
                    {
                        return (new DatabaseServer(DatabaseKind.Postgres, folder, options), null);
                    }
                }
                return (null, $"PostgreSQL's server (initdb and postgres) is not installed on this machine ({SearchedText()}): " +
                    "install the Debian package postgresql (apt-get install postgresql, or run build/Install-DatabaseServers.ps1)");
            case DatabaseKind.Redis:
                foreach (var folder in Folders())
                {
                    if (IsExecutable(Path.Combine(folder, "redis-server")))
                    {
                        return (new DatabaseServer(DatabaseKind.Redis, folder, options), null);
                    }
                }
                return (null, $"redis-server is not installed on this machine ({SearchedText()}): " +
                    "install the Debian package redis-server (apt-get install redis-server, or run build/Install-DatabaseServers.ps1)");
            default:
                return (null, $"The emulator cannot run the image {image}: it runs PostgreSQL and Redis images only (it has no container runtime)");
        }
    }

    private string? Configured() =>
        options.DatabaseBinPath is { Length: > 0 } fromOptions ? fromOptions
        : Environment.GetEnvironmentVariable(BinPathVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;

    private IEnumerable<string> Folders() =>
        Configured() is { } configured
            ? configured.Split(':', StringSplitOptions.RemoveEmptyEntries)
            : ["/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin", "/sbin"];

    private IEnumerable<string> PostgresFolders()
    {
        if (Configured() is not null)
        {
            return Folders();
        }
        // Debian keeps one folder per major version; the newest wins.
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Folder: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .OrderByDescending(d => d.Version).Select(d => d.Folder)
            : [];
        return versions.Concat(Folders());
    }

    private string SearchedText() => Configured() is { } configured
        ? $"looked in {configured}, from {(options.DatabaseBinPath is not null ? "the emulator's options" : BinPathVariable)}"
        : "looked in /usr/lib/postgresql/*/bin and the system folders";

    private static bool IsExecutable(string path) =>
        File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}

/// <summary>One kind of server with the folder of its binaries: the shell script that runs it as a deployment's process
/// (the engine starts it like any start command, in its own session, owned by the process registry) and the probe that
/// says when it accepts connections. Passwords reach the server only through its environment (the service's
/// variables, as Railway's containers get them) and stdin, never a command line, a file or a log line.</summary>
public sealed class DatabaseServer(DatabaseKind kind, string binFolder, EngineOptions options)
{
    public DatabaseKind Kind { get; } = kind;
    public string BinFolder { get; } = binFolder;
    public string DisplayName => Kind == DatabaseKind.Postgres ? "PostgreSQL" : "Redis";
    /// <summary>The port Railway's image listens on in its container (RAILWAY_TCP_APPLICATION_PORT).</summary>
    public int ApplicationPort => Kind == DatabaseKind.Postgres ? 5432 : 6379;

    /// <summary>The script for a server with its data in <paramref name="dataFolder"/> (the service's volume), listening on
    /// 127.0.0.1:$PORT only.</summary>
    public string StartScript(string dataFolder) =>
        Kind == DatabaseKind.Postgres ? PostgresScript(dataFolder) : RedisScript(dataFolder);

    private string PostgresScript(string volumeFolder)
    {
        // TCP on 127.0.0.1 only, no Unix-domain socket: every client (the probe, psql, the apps) comes by TCP, and a
        // socket under the state folder breaks on PostgreSQL's 107-byte path limit once the folder is deep (a test
        // run's temp folder is). PostgreSQL refuses to run as root. Run as root (a container, CI), the emulator runs it in a user namespace
        // where this uid is an ordinary user: files stay owned by the emulator's user, and nothing is chowned.
        var asUser = GetEuid() == 0 ? "unshare --user --map-user=1000 --map-group=1000 " : "";
        var script = new StringBuilder();
        script.Append("set -u\n");
        script.Append("bin=").Append(Quote(BinFolder)).Append('\n');
        script.Append("data=").Append(Quote(Path.Combine(volumeFolder, "pgdata"))).Append('\n');
        if (asUser.Length > 0)
        {
            script.Append("""
                if ! unshare --user --map-user=1000 --map-group=1000 true 2>/dev/null; then
                  echo "PostgreSQL refuses to run as root, and this machine does not let the emulator leave root in a user namespace (unshare --user failed): run the emulator as a user other than root" >&2
                  exit 1
                fi

                """);
        }
        script.Append("""
            user="${POSTGRES_USER:-${PGUSER:-postgres}}"
            db="${POSTGRES_DB:-${PGDATABASE:-railway}}"
            if [ ! -s "$data/PG_VERSION" ]; then
              echo "Initialising a new PostgreSQL cluster in the service's volume"
              rm -rf "$data" && mkdir -p "$data" && chmod 700 "$data" || exit 1
              printf '%s' "${POSTGRES_PASSWORD:-${PGPASSWORD:-}}" | ASUSER"$bin/initdb" -D "$data" -U "$user" --auth=scram-sha-256 --pwfile=/dev/stdin -E UTF8 --no-instructions || exit 1
              if [ "$db" != "postgres" ]; then
                printf 'CREATE DATABASE "%s";\n' "$(printf '%s' "$db" | sed 's/"/""/g')" | ASUSER"$bin/postgres" --single -D "$data" postgres >/dev/null || exit 1
              fi
            fi
            if [ -f "$data/postmaster.pid" ]; then
              old=$(head -n 1 "$data/postmaster.pid")
              if [ -n "$old" ] && [ -r "/proc/$old/cmdline" ] && tr '\0' ' ' < "/proc/$old/cmdline" | grep -q "postgres -D $data"; then
                echo "Another PostgreSQL server (pid $old) still runs on this volume" >&2
                exit 1
              fi
              echo "Removing the postmaster.pid of a server that did not stop cleanly"
              rm -f "$data/postmaster.pid"
            fi
            trap 'kill -INT "$pid" 2>/dev/null' TERM INT
            ASUSER"$bin/postgres" -D "$data" -c listen_addresses=127.0.0.1 -p "$PORT" -c unix_socket_directories='' -c logging_collector=off &
            pid=$!
            wait "$pid"
            status=$?
            if kill -0 "$pid" 2>/dev/null; then wait "$pid"; status=$?; fi
            exit $status

            """.Replace("ASUSER", asUser, StringComparison.Ordinal));
        return script.ToString();
    }

    private string RedisScript(string volumeFolder)
    {
        var script = new StringBuilder();
        script.Append("set -u\n");
        script.Append("bin=").Append(Quote(BinFolder)).Append('\n');
        script.Append("data=").Append(Quote(volumeFolder)).Append('\n');
        // The configuration (with requirepass) goes to redis-server on stdin ("redis-server -"): printf is a shell
        // builtin, so the password is on no command line, and it is in no file. set-proc-title no: Redis's process
        // title is written over its environment, which would erase the engine's marker, and the watchdog that ends
        // what a killed emulator left running finds processes by that marker. appendfsync always: every write is on
        // disk before Redis answers, so a kill -9 loses nothing.
        script.Append("""
            mkdir -p "$data" || exit 1
            password=$(printf '%s' "${REDIS_PASSWORD:-${REDISPASSWORD:-}}" | sed 's/[\\"]/\\&/g')
            trap 'kill -TERM "$pid" 2>/dev/null' TERM INT
            {
              printf 'bind 127.0.0.1\nport %s\nprotected-mode yes\ndaemonize no\ndir "%s"\n' "$PORT" "$data"
              printf 'appendonly yes\nappendfsync always\nsave 60 1\nset-proc-title no\n'
              if [ -n "$password" ]; then printf 'requirepass "%s"\n' "$password"; fi
            } | "$bin/redis-server" - &
            pid=$!
            wait "$pid"
            status=$?
            if kill -0 "$pid" 2>/dev/null; then wait "$pid"; status=$?; fi
            exit $status

            """);
        return script.ToString();
    }

    /// <summary>Polls until the server accepts connections (PostgreSQL answers a startup message with an
    /// authentication request, as pg_isready asks; Redis answers PING, even with NOAUTH), the process exits, or
    /// <paramref name="window"/> passes.</summary>
    public async Task<HealthCheckResult> WaitReadyAsync(ManagedProcess process, int port, TimeSpan window, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + window;
        var pause = TimeSpan.FromMilliseconds(50);
        var attempts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                return new HealthCheckResult(false, $"{DisplayName} exited with code {process.Exited.Result} before it accepted connections");
            }
            attempts++;
            if (await ProbeAsync(port, cancellationToken))
            {
                return new HealthCheckResult(true, $"{DisplayName} accepts connections (after {attempts} probe(s))");
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return new HealthCheckResult(false, $"{DisplayName} did not accept connections within {(int)window.TotalSeconds}s");
            }
            await Task.WhenAny(process.Exited, Task.Delay(pause, cancellationToken));
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }

    private async Task<bool> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.HealthcheckAttemptTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
            var stream = client.GetStream();
            var buffer = new byte[512];
            if (Kind == DatabaseKind.Redis)
            {
                await stream.WriteAsync("PING\r\n"u8.ToArray(), attempt.Token);
                var read = await stream.ReadAsync(buffer, attempt.Token);
                var answer = Encoding.ASCII.GetString(buffer, 0, read);
                return answer.StartsWith("+PONG", StringComparison.Ordinal) || answer.StartsWith("-NOAUTH", StringComparison.Ordinal);
            }
            await stream.WriteAsync(StartupMessage(), attempt.Token);
            var count = await stream.ReadAsync(buffer, attempt.Token);
            if (count == 0)
            {
                return false;
            }
            // 'R': an authentication request, so the server takes connections. 'E' with SQLSTATE 57P03: still starting.
            return buffer[0] == (byte)'R'
                || (buffer[0] == (byte)'E' && !Encoding.ASCII.GetString(buffer, 0, count).Contains("57P03", StringComparison.Ordinal));
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static byte[] StartupMessage()
    {
        var body = new List<byte>();
        body.AddRange([0, 3, 0, 0]);
        foreach (var part in new[] { "user", "postgres", "database", "postgres" })
        {
            body.AddRange(Encoding.ASCII.GetBytes(part));
            body.Add(0);
        }
        body.Add(0);
        var length = body.Count + 4;
        return [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. body];
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
