namespace RailwayOps;

internal static partial class CmdletText
{
    // New-RailwayDatabase.
    public const string InvalidDatabaseName = "-Name '{0}' is not a Railway service name: 1 to 63 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit. Nothing was added.";
    public const string DatabaseNameTaken = "Project {0} already has a service named {1}; pass another -Name. Nothing was added.";
    public const string NewDatabaseAction = "Add a {0} database service '{1}' from Railway's {2} template, with its volume and variables";
    public const string DatabaseDeployAccepted = "Railway accepted the {0} template for {1} (workflow {2}).";
    public const string NoWorkflow = "none";
    public const string DatabaseServiceNotCreated = "Railway finished the {0} template's workflow but project {2} has no new service ({1}).";
    public const string DatabaseServiceCreated = "Railway created service {0} ({1}).";
    public const string DatabaseDeploying = "DEPLOYING";
    public const string RecommendedDatabaseWorkflow = "See what the project has now with Get-RailwayService before adding the database again.";

    // Finding the database and its client programs.
    public const string NotADatabase = "{0} is not a PostgreSQL or Redis service (its image: {1}); Connect-, Backup- and Restore-RailwayDatabase work on database services only.";
    public const string NoImage = "no image";
    public const string DatabaseResolved = "{0} is a {1} database at {2}:{3} as {4} (from {5}).";
    public const string DatabaseClientNotFound = "{0} is not installed (or not on PATH): install {1} (Debian/Ubuntu: apt-get install {2}) and try again. Nothing was started.";
    public const string RecommendedDatabaseClient = "Install the client: apt-get install {0} (Debian/Ubuntu), then run the command again.";
    public const string DatabaseToolNotStarted = "{0} could not be started: {1}";
    public const string DatabaseToolStarted = "Started {0} (process {1}) with the connection in its environment: {2}";
    public const string DatabaseToolFailed = "{0} ended with exit code {1}{2}";
    public const string DatabaseToolSaid = "{0}: {1}";

    // Connect-RailwayDatabase.
    public const string DatabaseConnecting = "Connecting {0} to {1} (process {2}).";
    public const string DatabaseClientExited = "{0} exited with code {1}.";

    // Backup-RailwayDatabase.
    public const string DatabaseBackupExists = "'{0}' exists; pass -Force to replace it, or another -Path. Nothing was written.";
    public const string DatabaseBackupFolderMissing = "The folder '{0}' does not exist. Nothing was written.";
    public const string BackupDatabaseAction = "Back the {0} database up to {1}";
    public const string BackupActivity = "Backing up {0}";
    public const string BackupProgress = "{0}: {1} written";
    public const string DatabaseBackupEmpty = "{0} ended without writing a backup; nothing was kept.";

    // Restore-RailwayDatabase.
    public const string DatabaseBackupNotFound = "The backup file '{0}' does not exist. Nothing was changed.";
    public const string NotRdb = "'{0}' is not a Redis RDB snapshot (it does not start with REDIS). Nothing was changed.";
    public const string NotPgArchive = "'{0}' is not a pg_dump custom-format archive (it does not start with PGDMP); Restore-RailwayDatabase reads the files Backup-RailwayDatabase writes. Nothing was changed.";
    public const string RestorePostgresAction = "Restore {0} with pg_restore --clean --if-exists (every object in the backup is replaced)";
    public const string RestoreRedisAction = "Restore the keys of {0} (each key in the snapshot is replaced)";
    public const string RestoreActivity = "Restoring {0}";
    public const string RestoreProgress = "{0}: {1:0} s";
    public const string RestoreKeysProgress = "{0} key(s) restored";
}
