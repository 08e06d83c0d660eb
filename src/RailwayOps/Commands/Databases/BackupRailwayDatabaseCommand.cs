using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using RailwayOps.Core.Railway;

namespace RailwayOps.Commands;

/// <summary>
/// Backs a database service up to a local file: pg_dump's custom format (-Fc) for PostgreSQL, an RDB snapshot
/// (redis-cli --rdb) for Redis, through the same credential path as Connect-RailwayDatabase. The tool writes a private
/// temporary file beside the target, moved into place only when it succeeded: a failure or a stop leaves no half file.
/// </summary>
[Cmdlet(VerbsData.Backup, "RailwayDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(RailwayDatabaseBackup))]
public sealed class BackupRailwayDatabaseCommand : DatabaseCmdlet
{
    /// <summary>The file to write, or a folder to write &lt;service&gt;-&lt;environment&gt;-&lt;time&gt;.dump (.rdb) in; the current folder by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Replace a file that exists at -Path.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveDatabase(out var target))
        {
            return;
        }

        var postgres = target.Connection.Kind == DatabaseKind.Postgres;
        var file = Destination(target, postgres ? ".dump" : ".rdb");
        if (File.Exists(file) && !Force)
        {
            WriteFailure(CmdletFailure.DatabaseBackupExists, new IOException(Format(CmdletText.DatabaseBackupExists, file)), file);
            return;
        }

        var folder = System.IO.Path.GetDirectoryName(file)!;
        if (!Directory.Exists(folder))
        {
            WriteRailwayError(new DatabaseException(DatabaseFailureKind.BackupNotFound, Format(CmdletText.DatabaseBackupFolderMissing, folder)), folder);
            return;
        }

        var (program, package) = postgres ? ("pg_dump", "postgresql-client") : ("redis-cli", "redis-tools");
        if (FindTool(program, package, target.Service.Name) is not { } tool)
        {
            return;
        }

        if (!ShouldProcess(target.ToString(), Format(CmdletText.BackupDatabaseAction, target.Type, file)))
        {
            return;
        }

        // Beside the target, so the move is a rename; private, as the dump holds the data.
        var partial = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(file) + ".partial-" + Guid.NewGuid().ToString("N")[..8]);
        var clock = Stopwatch.StartNew();
        RunPerItem(target.Service.Name, () =>
        {
            try
            {
                using (new FileStream(partial, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
                }))
                {
                }

                IReadOnlyList<string> arguments = postgres
                    ? ["--format=custom", "--no-password", "--file", partial]
                    : [.. target.Connection.RedisArguments(), "--rdb", partial];
                var activity = Format(CmdletText.BackupActivity, target);
                RunTool(tool, arguments, target, activity, () => Format(CmdletText.BackupProgress, program, Size(partial)));
                if (!Valid(partial, postgres))
                {
                    throw new DatabaseException(DatabaseFailureKind.ToolFailed, Format(CmdletText.DatabaseBackupEmpty, program));
                }

                File.Move(partial, file, overwrite: Force);
                var info = new FileInfo(file);
                WriteObject(new RailwayDatabaseBackup
                {
                    Path = info.FullName,
                    Length = info.Length,
                    Type = target.Type,
                    ServiceName = target.Service.Name,
                    EnvironmentName = target.Environment.Name,
                    CreatedAt = DateTimeOffset.UtcNow,
                    Duration = clock.Elapsed,
                    Format = postgres ? "pg_dump custom" : "RDB",
                });
            }
            finally
            {
                if (File.Exists(partial))
                {
                    File.Delete(partial);
                }
            }
        });
    }

    private string Destination(DatabaseTarget target, string extension)
    {
        var name = string.Format(CultureInfo.InvariantCulture, "{0}-{1}-{2:yyyyMMdd-HHmmss}{3}", target.Service.Name, target.Environment.Name, DateTime.UtcNow, extension);
        foreach (var bad in System.IO.Path.GetInvalidFileNameChars().Append(' '))
        {
            name = name.Replace(bad, '_');
        }

        if (Path is null)
        {
            return System.IO.Path.Combine(SessionState.Path.CurrentFileSystemLocation.ProviderPath, name);
        }

        var resolved = ResolvePath(Path);
        return Directory.Exists(resolved) ? System.IO.Path.Combine(resolved, name) : System.IO.Path.GetFullPath(resolved);
    }

    private static string Size(string file)
    {
        var length = File.Exists(file) ? new FileInfo(file).Length : 0;
        return length >= 1 << 20 ? (length / (double)(1 << 20)).ToString("0.0 MB", CultureInfo.InvariantCulture) : (length / 1024.0).ToString("0.0 KB", CultureInfo.InvariantCulture);
    }

    /// <summary>The file begins as the format does: PGDMP (pg_dump custom) or REDIS (RDB).</summary>
    internal static bool Valid(string file, bool postgres)
    {
        var magic = postgres ? "PGDMP"u8.ToArray() : "REDIS"u8.ToArray();
        var head = new byte[magic.Length];
        using var stream = File.OpenRead(file);
        return stream.Read(head, 0, head.Length) == head.Length && head.AsSpan().SequenceEqual(magic);
    }
}
