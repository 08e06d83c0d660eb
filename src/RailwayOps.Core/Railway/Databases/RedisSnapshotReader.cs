using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RailwayOps.Core.Railway;

/// <summary>
/// Reads the keys of an RDB file the only way Redis offers: a private redis-server loads it. The server runs from a
/// config file in its own temporary folder (loopback only, an unused port, no persistence, no password on any command
/// line), is read over RESP, and is killed and its folder deleted on <see cref="DisposeAsync"/>, however the restore ends.
/// </summary>
public sealed class RedisSnapshotReader : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly string folder;

    private RedisSnapshotReader(Process process, string folder, RespConnection connection)
    {
        this.process = process;
        this.folder = folder;
        Connection = connection;
    }

    public RespConnection Connection { get; }

    /// <summary>Starts redis-server (<paramref name="serverPath"/>) on a copy of <paramref name="rdbPath"/> and connects once it has loaded it.</summary>
    public static async Task<RedisSnapshotReader> StartAsync(string serverPath, string rdbPath, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "railwayops-redis-restore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Process? process = null;
        try
        {
            File.Copy(rdbPath, Path.Combine(folder, "dump.rdb"));
            var port = FreePort();
            var config = Path.Combine(folder, "redis.conf");
            await File.WriteAllLinesAsync(config,
            [
                "bind 127.0.0.1",
                "protected-mode yes",
                "port " + port.ToString(CultureInfo.InvariantCulture),
                "dir \"" + folder + "\"",
                "dbfilename dump.rdb",
                "save \"\"",
                "appendonly no",
                "daemonize no",
                "logfile \"\"",
                "databases 16",
            ], cancellationToken).ConfigureAwait(false);
            var info = new ProcessStartInfo(serverPath)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = folder,
            };
            info.ArgumentList.Add(config);
            process = Process.Start(info) ?? throw new InvalidOperationException(serverPath);
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
            process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var connection = await ConnectAsync(process, port, output, cancellationToken).ConfigureAwait(false);
            return new RedisSnapshotReader(process, folder, connection);
        }
        catch
        {
            Stop(process);
            TryDelete(folder);
            throw;
        }
    }

    private static async Task<RespConnection> ConnectAsync(Process process, int port, System.Text.StringBuilder output, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string said;
                lock (output)
                {
                    said = output.ToString().Trim();
                }

                throw new DatabaseException(DatabaseFailureKind.InvalidBackup, string.Format(CultureInfo.InvariantCulture, DatabaseMessages.TemporaryServerFailed,
                    StartTimeout.TotalSeconds, said.Length > 0 ? ": " + said.Split('\n')[^1].Trim() : "."));
            }

            RespConnection? connection = null;
            try
            {
                connection = await RespConnection.OpenAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
                await connection.CommandAsync(cancellationToken, "PING").ConfigureAwait(false);
                return connection;
            }
            catch (Exception exception) when (exception is SocketException or IOException or RespException)
            {
                // Not listening yet, or still loading the snapshot (-LOADING).
                connection?.Dispose();
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Every key of the snapshot (all 16 databases) with its DUMP payload and remaining time to live (0 for none).</summary>
    public async IAsyncEnumerable<(int Database, byte[] Key, byte[] Payload, long TtlMs)> ReadKeysAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var database = 0; database < 16; database++)
        {
            await Connection.CommandAsync(cancellationToken, "SELECT", database).ConfigureAwait(false);
            var cursor = "0";
            do
            {
                var page = (object?[])(await Connection.CommandAsync(cancellationToken, "SCAN", cursor, "COUNT", 500).ConfigureAwait(false))!;
                cursor = RespConnection.Text(page[0]) ?? "0";
                foreach (var key in ((object?[])page[1]!).OfType<byte[]>())
                {
                    var payload = await Connection.CommandAsync(cancellationToken, "DUMP", key).ConfigureAwait(false) as byte[];
                    if (payload is null)
                    {
                        continue;
                    }

                    var ttl = await Connection.CommandAsync(cancellationToken, "PTTL", key).ConfigureAwait(false) is long ms && ms > 0 ? ms : 0;
                    yield return (database, key, payload, ttl);
                }
            }
            while (cursor != "0");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        Stop(process);
        await Task.Yield();
        TryDelete(folder);
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Ended meanwhile.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
