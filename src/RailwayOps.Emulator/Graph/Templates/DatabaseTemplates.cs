using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace RailwayOps.Emulator.Graph;

/// <summary>One template the emulator publishes: Railway's database templates, in the shape of Railway's
/// serializedConfig (services keyed by id, each with its name, source image, variables with defaultValue, volume
/// mounts and TCP proxy).</summary>
public sealed record TemplateDefinition(string Id, string Code, string Name, string Description, string Category,
    string ServiceId, string ServiceName, string Image, string VolumeId, string MountPath, int ApplicationPort,
    IReadOnlyList<(string Name, string DefaultValue, string Description)> Variables)
{
    public Dictionary<string, object?> SerializedConfig() => new()
    {
        ["services"] = new Dictionary<string, object?>
        {
            [ServiceId] = new Dictionary<string, object?>
            {
                ["name"] = ServiceName,
                ["icon"] = null,
                ["source"] = new Dictionary<string, object?> { ["image"] = Image },
                ["variables"] = Variables.ToDictionary(v => v.Name, v => (object?)new Dictionary<string, object?>
                {
                    ["defaultValue"] = v.DefaultValue,
                    ["description"] = v.Description,
                    ["isOptional"] = false,
                }),
                ["volumeMounts"] = new Dictionary<string, object?>
                {
                    [VolumeId] = new Dictionary<string, object?> { ["mountPath"] = MountPath },
                },
                ["networking"] = new Dictionary<string, object?>
                {
                    ["tcpProxies"] = new Dictionary<string, object?> { [ApplicationPort.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new Dictionary<string, object?>() },
                    ["serviceDomains"] = new Dictionary<string, object?>(),
                },
                ["deploy"] = new Dictionary<string, object?> { ["restartPolicyType"] = "ON_FAILURE", ["restartPolicyMaxRetries"] = 10 },
            },
        },
    };
}

/// <summary>
/// Railway's PostgreSQL and Redis templates (what <c>railway add --database</c> deploys), with Railway's variable names
/// and reference shapes. One difference: Railway's private URLs name the port inside its private network (5432,
/// 6379); the emulator has no private network, so PGPORT / REDISPORT reference the instance's TCP proxy port
/// (<c>${{RAILWAY_TCP_PROXY_PORT}}</c>), and <c>RAILWAY_PRIVATE_DOMAIN</c> of a database is 127.0.0.1: the private URL
/// then works from an app on this machine, as it does from one in Railway's network.
/// </summary>
public static partial class DatabaseTemplates
{
    private const string SecretAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static readonly TemplateDefinition Postgres = new(
        "b7a6f0c1-8e1a-4a4b-9a51-6b0d2c7e5f10", "postgres", "PostgreSQL", "Deploy a PostgreSQL database", "Storage",
        "e1b3c4d5-0f6a-4b7c-8d9e-0a1b2c3d4e50", "Postgres", "ghcr.io/railwayapp-templates/postgres-ssl:17",
        "f2c3d4e5-1a2b-4c3d-9e4f-5a6b7c8d9e60", "/var/lib/postgresql/data", 5432,
        [
            ("DATABASE_PUBLIC_URL", "postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_TCP_PROXY_DOMAIN}}:${{RAILWAY_TCP_PROXY_PORT}}/${{PGDATABASE}}", "URL to connect to the database from outside Railway's network"),
            ("DATABASE_URL", "postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_PRIVATE_DOMAIN}}:${{PGPORT}}/${{PGDATABASE}}", "URL to connect to the database from another service"),
            ("PGDATA", "/var/lib/postgresql/data/pgdata", "Location of the database files in the volume"),
            ("PGDATABASE", "${{POSTGRES_DB}}", "Default database"),
            ("PGHOST", "${{RAILWAY_PRIVATE_DOMAIN}}", "Host of the database"),
            ("PGPASSWORD", "${{POSTGRES_PASSWORD}}", "Password of the default role"),
            ("PGPORT", "${{RAILWAY_TCP_PROXY_PORT}}", "Port of the database"),
            ("PGUSER", "${{POSTGRES_USER}}", "Default role"),
            ("POSTGRES_DB", "railway", "Default database created at first start"),
            ("POSTGRES_PASSWORD", "${{ secret(32, \"" + SecretAlphabet + "\") }}", "Password of the default role"),
            ("POSTGRES_USER", "postgres", "Default role"),
            ("RAILWAY_DEPLOYMENT_DRAINING_SECONDS", "60", "Time an old deployment is given to stop"),
            ("SSL_CERT_DAYS", "820", "Validity of the generated certificate (Railway's image; not used by the emulator)"),
        ]);

    public static readonly TemplateDefinition Redis = new(
        "c8b7a1d2-9f2b-4b5c-8a62-7c1e3d8f6a21", "redis", "Redis", "Deploy a Redis database", "Storage",
        "a3d4e5f6-2b3c-4d5e-8f6a-7b8c9d0e1f70", "Redis", "redis:8.2.1",
        "b4e5f6a7-3c4d-4e5f-9a7b-8c9d0e1f2a80", "/data", 6379,
        [
            ("RAILWAY_RUN_UID", "0", "Run the image as root (Railway's template)"),
            ("REDISHOST", "${{RAILWAY_PRIVATE_DOMAIN}}", "Host of the database"),
            ("REDISPASSWORD", "${{REDIS_PASSWORD}}", "Password of the default user"),
            ("REDISPORT", "${{RAILWAY_TCP_PROXY_PORT}}", "Port of the database"),
            ("REDISUSER", "default", "Default user"),
            ("REDIS_PASSWORD", "${{ secret(32, \"" + SecretAlphabet + "\") }}", "Password of the default user"),
            ("REDIS_PUBLIC_URL", "redis://default:${{REDIS_PASSWORD}}@${{RAILWAY_TCP_PROXY_DOMAIN}}:${{RAILWAY_TCP_PROXY_PORT}}", "URL to connect to the database from outside Railway's network"),
            ("REDIS_URL", "redis://${{REDISUSER}}:${{REDIS_PASSWORD}}@${{REDISHOST}}:${{REDISPORT}}", "URL to connect to the database from another service"),
        ]);

    public static IReadOnlyList<TemplateDefinition> All { get; } = [Postgres, Redis];

    public static TemplateDefinition? ByCode(string code) =>
        All.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.OrdinalIgnoreCase)
            // The CLI's slug of PostgreSQL is "postgres"; Railway's own template code for it is "postgres" too.
            || (string.Equals(code, "postgresql", StringComparison.OrdinalIgnoreCase) && t == Postgres));

    public static TemplateDefinition? ById(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>Expands Railway's generator functions in a template variable: <c>${{ secret(length, "alphabet") }}</c>
    /// (length defaults to 32, the alphabet to letters and digits). Anything else (references) is kept as written.</summary>
    public static string ExpandGenerators(string value) =>
        Secret().Replace(value, match =>
        {
            var length = match.Groups["length"].Success ? int.Parse(match.Groups["length"].Value, System.Globalization.CultureInfo.InvariantCulture) : 32;
            var alphabet = match.Groups["alphabet"].Success && match.Groups["alphabet"].Value.Length > 0
                ? match.Groups["alphabet"].Value : SecretAlphabet + "0123456789";
            length = Math.Clamp(length, 1, 1024);
            return string.Create(length, alphabet, (span, chars) =>
            {
                for (var i = 0; i < span.Length; i++)
                    span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            });
        });

    [GeneratedRegex("""\$\{\{\s*secret\(\s*(?<length>\d+)?\s*(?:,\s*"(?<alphabet>[^"]*)"\s*)?\)\s*\}\}""", RegexOptions.CultureInvariant)]
    private static partial Regex Secret();
}
