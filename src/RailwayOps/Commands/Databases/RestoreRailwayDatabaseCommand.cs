using System.Diagnostics;
using System.Management.Automation;
using RailwayOps.Core.Events;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// Restores a backup written by Backup-RailwayDatabase into a database service. PostgreSQL: pg_restore --clean
/// --if-exists (each object of the dump is dropped when it exists and made again, so a dropped table comes back).
/// Redis: an RDB cannot be sent to a server over the network, so a private loopback redis-server loads it and each of its
/// keys is copied into the service with DUMP / RESTORE ... REPLACE (keys not in the snapshot are left alone). Confirms by
/// default (ConfirmImpact High); -Force does not.
/// </summary>
[Cmdlet(VerbsData.Restore, "RailwayDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RailwayDatabaseRestore))]
public sealed class RestoreRailwayDatabaseCommand : DatabaseCmdlet
{
    /// <summary>The backup: a pg_dump custom-format archive (PostgreSQL) or an RDB file (Redis).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var file = ResolvePath(Path);
        if (!File.Exists(file))
        {
            WriteRailwayError(new DatabaseException(DatabaseFailureKind.BackupNotFound, Format(CmdletText.DatabaseBackupNotFound, file)), file);
            return;
        }

        if (!TryResolveDatabase(out var target))
        {
            return;
        }

        var postgres = target.Connection.Kind == DatabaseKind.Postgres;
        if (!BackupRailwayDatabaseCommand.Valid(file, postgres))
        {
            WriteRailwayError(new DatabaseException(DatabaseFailureKind.InvalidBackup, Format(postgres ? CmdletText.NotPgArchive : CmdletText.NotRdb, file)), file);
            return;
        }

        var (program, package) = postgres ? ("pg_restore", "postgresql-client") : ("redis-server", "redis-server");
        if (FindTool(program, package, target.Service.Name) is not { } tool)
        {
            return;
        }

        if (!ShouldProcessWithForce(target.ToString(), Format(postgres ? CmdletText.RestorePostgresAction : CmdletText.RestoreRedisAction, file), Force))
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        RunPerItem(target.Service.Name, () =>
        {
            int? keys = null;
            var activity = Format(CmdletText.RestoreActivity, target);
            if (postgres)
            {
                var database = target.Connection.Database ?? target.Connection.User ?? "postgres";
                RunTool(tool, ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--no-password", "--dbname", database, file], target, activity,
                    () => Format(CmdletText.RestoreProgress, program, clock.Elapsed.TotalSeconds));
            }
            else
            {
                keys = Run(token => CopyKeysAsync(tool, file, target, activity, token));
            }

            WriteObject(new RailwayDatabaseRestore
            {
                Path = file,
                Type = target.Type,
                ServiceName = target.Service.Name,
                EnvironmentName = target.Environment.Name,
                KeysRestored = keys,
                Duration = clock.Elapsed,
            });
        });
    }

    private async Task<int> CopyKeysAsync(string server, string file, DatabaseTarget target, string activity, CancellationToken token)
    {
        var sink = EventSink;
        await using var snapshot = await RedisSnapshotReader.StartAsync(server, file, token).ConfigureAwait(false);
        using var destination = await target.Connection.OpenRespAsync(token).ConfigureAwait(false);
        var copied = 0;
        int? selected = null;
        try
        {
            await foreach (var (database, key, payload, ttl) in snapshot.ReadKeysAsync(token).ConfigureAwait(false))
            {
                if (selected != database)
                {
                    await destination.CommandAsync(token, "SELECT", database).ConfigureAwait(false);
                    selected = database;
                }

                await destination.CommandAsync(token, "RESTORE", key, ttl, payload, "REPLACE").ConfigureAwait(false);
                if (++copied % 100 == 0)
                {
                    sink.Report(new RailwayEvent(RailwayEventLevel.Progress, Format(CmdletText.RestoreKeysProgress, copied)) { Activity = activity });
                }
            }
        }
        finally
        {
            if (!token.IsCancellationRequested)
            {
                sink.Report(new RailwayEvent(RailwayEventLevel.Progress, activity) { Activity = activity, Completed = true });
            }
        }

        return copied;
    }
}
