namespace RailwayOps;

public static partial class ErrorIds
{
    // Databases (New-, Connect-, Backup-, Restore-RailwayDatabase).
    public const string DatabaseTemplateNotFound = "RailwayDatabaseTemplateNotFound";
    public const string DatabaseWorkflowFailed = "RailwayDatabaseWorkflowFailed";
    public const string DatabaseWorkflowTimeout = "RailwayDatabaseWorkflowTimeout";
    public const string DatabaseServiceNotCreated = "RailwayDatabaseServiceNotCreated";
    public const string InvalidDatabaseName = "RailwayInvalidDatabaseName";
    public const string DatabaseNameTaken = "RailwayDatabaseNameTaken";
    public const string NotADatabase = "RailwayNotADatabase";
    public const string DatabaseNoConnection = "RailwayDatabaseNoConnection";
    public const string DatabaseClientNotFound = "RailwayDatabaseClientNotFound";
    public const string DatabaseToolFailed = "RailwayDatabaseToolFailed";
    public const string DatabaseBackupNotFound = "RailwayDatabaseBackupNotFound";
    public const string DatabaseInvalidBackup = "RailwayDatabaseInvalidBackup";
    public const string DatabaseBackupExists = "RailwayDatabaseBackupExists";
    public const string DatabaseCommandFailed = "RailwayDatabaseCommandFailed";
    public const string DatabaseUnreachable = "RailwayDatabaseUnreachable";
}
