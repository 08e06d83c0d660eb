namespace RailwayOps;

/// <summary>
/// A database service (PostgreSQL or Redis, from Railway's template) in one environment: where it answers and as whom.
/// It never holds the password: Connect-, Backup- and Restore-RailwayDatabase read it from the service's variables when
/// they need it and hand it to the client program through its environment only.
/// </summary>
public sealed class RailwayDatabase
{
    public required string ServiceId { get; init; }

    public required string ServiceName { get; init; }

    /// <summary>Postgres or Redis.</summary>
    public required string Type { get; init; }

    public required string ProjectId { get; init; }

    public required string EnvironmentId { get; init; }

    public string? EnvironmentName { get; init; }

    /// <summary>The status of the service's latest deployment (SUCCESS once it is ready; DEPLOYING with -NoWait).</summary>
    public string? Status { get; init; }

    public string? DeploymentId { get; init; }

    /// <summary>The templateDeployV2 workflow that added it.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The host a client on this machine reaches it at (from the public URL when there is one).</summary>
    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? User { get; init; }

    /// <summary>The database name (PostgreSQL), or the database number (Redis).</summary>
    public string? DatabaseName { get; init; }

    /// <summary>The names of the variables Railway gave the service (never their values).</summary>
    public IReadOnlyList<string> VariableNames { get; init; } = [];

    public override string ToString() => $"{ServiceName} ({Type})";
}

/// <summary>A database backup written by Backup-RailwayDatabase: the file, its size and when it was made.</summary>
public sealed class RailwayDatabaseBackup
{
    public required string Path { get; init; }

    public required long Length { get; init; }

    public required string Type { get; init; }

    public required string ServiceName { get; init; }

    public string? EnvironmentName { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>pg_dump's custom format (PostgreSQL) or an RDB snapshot (Redis).</summary>
    public required string Format { get; init; }

    public override string ToString() => Path;
}

/// <summary>What Restore-RailwayDatabase brought back.</summary>
public sealed class RailwayDatabaseRestore
{
    public required string Path { get; init; }

    public required string Type { get; init; }

    public required string ServiceName { get; init; }

    public string? EnvironmentName { get; init; }

    /// <summary>Redis: the keys copied into the database; PostgreSQL: null (pg_restore replaces every object of the dump).</summary>
    public int? KeysRestored { get; init; }

    public required TimeSpan Duration { get; init; }

    public override string ToString() => $"{ServiceName} <- {Path}";
}
