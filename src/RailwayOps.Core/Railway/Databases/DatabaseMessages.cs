namespace RailwayOps.Core.Railway;

internal static class DatabaseMessages
{
    public const string TemplateNotFound = "Railway has no '{0}' template to add a {1} database from.";
    public const string TemplateNoServices = "Railway's '{0}' template has no service in its serializedConfig; nothing was deployed.";
    public const string WorkflowFailed = "Railway could not add the {0} database: {1}";
    public const string WorkflowLost = "Railway lost the workflow {0} that adds the {1} database; see the project's services before trying again.";
    public const string WorkflowTimedOut = "The {0} database was not added within {1:0} s (workflow {2} is still running); see Get-RailwayService before trying again.";
    public const string WorkflowWaiting = "Adding the {0} database (workflow {1}: {2})";
    public const string WorkflowActivity = "New-RailwayDatabase {0}";
    public const string NotADatabase = "{0} runs '{1}', not a PostgreSQL or Redis image; Connect-, Backup- and Restore-RailwayDatabase work on database services only.";
    public const string NoImage = "(no image)";
    public const string NoConnectionVariables = "{0} has none of {1}: it is not (yet) a {2} database service Railway has set up.";
    public const string InvalidConnectionUrl = "{0} of {1} is not a {2} URL with a host.";
    public const string ClientNotFound = "{0} is not installed (or not on PATH): install {1} (Debian/Ubuntu: apt-get install {2}) and try again. Nothing was started.";
    public const string ToolFailed = "{0} ended with exit code {1}{2}";
    public const string BackupNotFound = "The backup file '{0}' does not exist. Nothing was changed.";
    public const string NotRdb = "'{0}' is not a Redis RDB snapshot (it does not start with REDIS). Nothing was changed.";
    public const string NotPgArchive = "'{0}' is not a pg_dump custom-format archive (it does not start with PGDMP); Restore-RailwayDatabase reads the files Backup-RailwayDatabase writes. Nothing was changed.";
    public const string RespError = "Redis answered {0}: {1}";
    public const string RespClosed = "Redis closed the connection to {0}.";
    public const string TemporaryServerFailed = "The temporary redis-server for the restore did not answer within {0:0} s{1}";
}
