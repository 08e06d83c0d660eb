namespace RailwayOps.Core.Railway;

/// <summary>What went wrong adding, reaching, backing up or restoring a database.</summary>
public enum DatabaseFailureKind
{
    /// <summary>Railway has no template for the database type.</summary>
    TemplateNotFound,

    /// <summary>The template's workflow ended in Error (or Railway lost it).</summary>
    WorkflowFailed,

    /// <summary>The template's workflow did not finish before the timeout.</summary>
    WorkflowTimedOut,

    /// <summary>The workflow completed but no new service appeared in the project.</summary>
    ServiceNotCreated,

    /// <summary>The service's image is not a database this module can reach (PostgreSQL, Redis).</summary>
    NotADatabase,

    /// <summary>The service has none of the URL variables a database service carries.</summary>
    NoConnectionVariables,

    /// <summary>The client program (psql, pg_dump, redis-cli, redis-server...) is not installed.</summary>
    ClientNotFound,

    /// <summary>The client program ended with a non-zero exit code.</summary>
    ToolFailed,

    /// <summary>The backup file to restore does not exist.</summary>
    BackupNotFound,

    /// <summary>The backup file is not one the database type reads (an RDB for Redis, a pg_dump archive for PostgreSQL).</summary>
    InvalidBackup,
}

/// <summary>A database failure with its kind; its message says what to do, and never holds the password.</summary>
public sealed class DatabaseException : Exception
{
    public DatabaseException(DatabaseFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public DatabaseFailureKind Kind { get; }

    /// <summary>The program to install, for <see cref="DatabaseFailureKind.ClientNotFound"/>.</summary>
    public string? Package { get; init; }
}
