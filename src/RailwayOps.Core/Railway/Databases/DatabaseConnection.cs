using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Railway;

/// <summary>The two kinds of database service Railway's templates add and this module reaches.</summary>
public enum DatabaseKind
{
    Postgres,
    Redis,
}

/// <summary>
/// Where a database service answers and its credentials, read from the service's variables (the public URL when there
/// is one, as <c>railway connect</c> does). The password is registered with the redactor (not the host, port or user, which
/// are ordinary words other output must keep) and leaves this object only as a child process's environment variable.
/// </summary>
public sealed class DatabaseConnection
{
    private readonly string password;

    private DatabaseConnection(DatabaseKind kind, string host, int port, string? user, string password, string? database, string source)
    {
        Kind = kind;
        Host = host;
        Port = port;
        User = user;
        this.password = password;
        Database = database;
        Source = source;
        Redactor.Global.Register(password);
    }

    public DatabaseKind Kind { get; }

    public string Host { get; }

    public int Port { get; }

    public string? User { get; }

    public string? Database { get; }

    /// <summary>The variable the connection was read from (DATABASE_PUBLIC_URL, REDIS_URL...).</summary>
    public string Source { get; }

    public bool HasPassword => password.Length > 0;

    /// <summary>The variable names a database service of <paramref name="kind"/> carries its URL in: public first.</summary>
    public static IReadOnlyList<string> UrlVariables(DatabaseKind kind) => kind == DatabaseKind.Postgres
        ? ["DATABASE_PUBLIC_URL", "DATABASE_URL"]
        : ["REDIS_PUBLIC_URL", "REDIS_URL"];

    /// <summary>The image of a service instance as <c>railway connect</c> reads it: postgres (postgis, timescale) or redis.</summary>
    public static DatabaseKind? KindOfImage(string? image)
    {
        var lower = image?.ToLowerInvariant() ?? string.Empty;
        return lower.Contains("postgres", StringComparison.Ordinal) || lower.Contains("postgis", StringComparison.Ordinal) || lower.Contains("timescale", StringComparison.Ordinal)
            ? DatabaseKind.Postgres
            : lower.Contains("redis", StringComparison.Ordinal) ? DatabaseKind.Redis : null;
    }

    /// <summary>The connection from the service's rendered variables; <see cref="DatabaseException"/> when they hold none.</summary>
    public static DatabaseConnection FromVariables(DatabaseKind kind, string serviceName, IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var name in UrlVariables(kind))
        {
            if (variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return FromUrl(kind, serviceName, name, value);
            }
        }

        throw new DatabaseException(DatabaseFailureKind.NoConnectionVariables, string.Format(System.Globalization.CultureInfo.InvariantCulture,
            DatabaseMessages.NoConnectionVariables, serviceName, string.Join(", ", UrlVariables(kind)), kind));
    }

    private static DatabaseConnection FromUrl(DatabaseKind kind, string serviceName, string variable, string url)
    {
        var schemes = kind == DatabaseKind.Postgres ? new[] { "postgres", "postgresql" } : ["redis", "rediss"];
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase) || string.IsNullOrEmpty(uri.Host))
        {
            // The URL itself is not shown: it holds the password.
            throw new DatabaseException(DatabaseFailureKind.NoConnectionVariables, string.Format(System.Globalization.CultureInfo.InvariantCulture,
                DatabaseMessages.InvalidConnectionUrl, variable, serviceName, kind));
        }

        string? user = null;
        var secret = string.Empty;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            secret = colon < 0 ? string.Empty : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (colon < 0 && kind == DatabaseKind.Redis)
            {
                // redis://password@host: the one part is the password.
                (user, secret) = (null, user ?? string.Empty);
            }
        }

        var port = uri.IsDefaultPort || uri.Port <= 0 ? (kind == DatabaseKind.Postgres ? 5432 : 6379) : uri.Port;
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var database = path.Length > 0 ? path : kind == DatabaseKind.Postgres ? user : null;
        if (kind == DatabaseKind.Redis && string.Equals(user, "default", StringComparison.Ordinal))
        {
            // Railway's REDIS_URL names the default user; redis-cli's AUTH with a password alone is the same user.
            user = "default";
        }

        return new DatabaseConnection(kind, uri.Host.Trim('[', ']'), port, user, secret, database, variable);
    }

    /// <summary>
    /// The environment a client program reaches the database with, and the only place the password goes: libpq's PG*
    /// variables for psql, pg_dump and pg_restore; REDISCLI_AUTH for redis-cli (host and port go on its command line).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Kind == DatabaseKind.Postgres)
        {
            environment["PGHOST"] = Host;
            environment["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["PGUSER"] = User ?? "postgres";
            environment["PGPASSWORD"] = password;
            environment["PGDATABASE"] = Database ?? User ?? "postgres";
        }
        else if (password.Length > 0)
        {
            environment["REDISCLI_AUTH"] = password;
        }

        return environment;
    }

    /// <summary>redis-cli's arguments for this server (no credential among them).</summary>
    public IReadOnlyList<string> RedisArguments()
    {
        var arguments = new List<string> { "-h", Host, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (User is { } user && !string.Equals(user, "default", StringComparison.Ordinal))
        {
            arguments.AddRange(["--user", user]);
        }

        if (Database is { } number && int.TryParse(number, out _))
        {
            arguments.AddRange(["-n", number]);
        }

        return arguments;
    }

    /// <summary>A RESP connection to the server, authenticated (for Restore-RailwayDatabase's key copy).</summary>
    public async Task<RespConnection> OpenRespAsync(CancellationToken cancellationToken)
    {
        var connection = await RespConnection.OpenAsync(Host, Port, cancellationToken).ConfigureAwait(false);
        try
        {
            if (password.Length > 0)
            {
                await (User is { } user && !string.Equals(user, "default", StringComparison.Ordinal)
                    ? connection.CommandAsync(cancellationToken, "AUTH", user, password)
                    : connection.CommandAsync(cancellationToken, "AUTH", password)).ConfigureAwait(false);
            }

            if (Database is { } number && int.TryParse(number, out var index) && index != 0)
            {
                await connection.CommandAsync(cancellationToken, "SELECT", number).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Host, port, user and database; never the password.</summary>
    public override string ToString() => $"{Kind} {User}@{Host}:{Port}/{Database}";
}
