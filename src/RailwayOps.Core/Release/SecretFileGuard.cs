namespace RailwayOps.Core.Release;

/// <summary>A path that looks like a secret, and why.</summary>
public sealed record SecretFileMatch(string Path, string Reason)
{
    public override string ToString() => $"{Path} ({Reason})";
}

/// <summary>
/// Decides from a path alone (contents are never read) whether a file looks like a secret that the
/// release loop must not commit. Names compare case-insensitively; both '/' and '\' separate folders.
/// </summary>
/// <remarks>
/// The whole list, in one place:
/// <list type="bullet">
/// <item><c>.env</c>, <c>.env.*</c>, <c>*.env</c> and direnv's <c>.envrc</c>.</item>
/// <item>Private keys and key stores: <c>*.pem</c>, <c>*.key</c>, <c>*.p12</c>, <c>*.pfx</c>, <c>*.ppk</c>,
/// <c>*.keystore</c>, <c>*.jks</c>, and SSH keys named <c>id_rsa</c>, <c>id_dsa</c>, <c>id_ecdsa</c>,
/// <c>id_ed25519</c> or starting with one of those and <c>_</c>, <c>-</c> or <c>.</c> (<c>id_rsa_deploy</c>,
/// <c>keys/id_ed25519_github</c>); their <c>.pub</c> halves are public and allowed.</item>
/// <item>Credential files: <c>.netrc</c>, <c>_netrc</c>, <c>.git-credentials</c>, <c>.pgpass</c>, <c>.pypirc</c>,
/// <c>.htpasswd</c>, <c>credentials.json</c>, <c>*service-account*.json</c>, <c>client_secret*.json</c>,
/// <c>.aws/credentials</c>, <c>.docker/config.json</c>, kubeconfigs (<c>kubeconfig</c>, <c>*.kubeconfig</c>,
/// <c>.kube/config</c>), <c>.railway/config.json</c> (the Railway CLI's token file).</item>
/// <item>Secret stores by name: <c>secret</c> or <c>secrets</c> (also as the last part of a name, <c>app-secrets</c>,
/// <c>prod.secrets</c>) with a data extension (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>, <c>.toml</c>, <c>.ini</c>,
/// <c>.properties</c>, <c>.txt</c>, <c>.xml</c>): a file named so holds passwords by its own account.</item>
/// <item>Terraform state and variables, which hold resource secrets in plain text: <c>*.tfstate</c>,
/// <c>*.tfstate.backup</c>, <c>*.tfvars</c>, <c>*.tfvars.json</c>.</item>
/// </list>
/// A template meant to be committed is never refused: a name ending in <c>.example</c>, <c>.sample</c> or
/// <c>.template</c> (<c>.env.example</c>, <c>secrets.yaml.sample</c>, <c>terraform.tfvars.example</c>).
/// <c>.npmrc</c> is deliberately absent: projects commonly commit it for registry settings, and
/// telling one with an auth token apart needs its content.
/// </remarks>
public static class SecretFileGuard
{
    private sealed record Rule(string Reason, Func<string, string, bool> Matches);

    private static readonly string[] EnvTemplateSuffixes = [".example", ".sample", ".template"];

    private static readonly string[] SshKeyNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

    private static readonly string[] KeyExtensions = [".pem", ".key", ".p12", ".pfx", ".ppk", ".keystore", ".jks"];

    private static readonly string[] SecretStoreExtensions = [".yaml", ".yml", ".json", ".toml", ".ini", ".properties", ".txt", ".xml"];

    private static readonly Rule[] Rules =
    [
        new("environment file with variable values", (name, _) => IsEnvFile(name)),
        new("private key or certificate store", (name, _) => KeyExtensions.Any(ext => name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))),
        new("SSH private key", (name, _) => IsSshPrivateKey(name)),
        new("credentials file for network logins", (name, _) => name is ".netrc" or "_netrc"),
        new("git credential store", (name, _) => name == ".git-credentials"),
        new("PostgreSQL password file", (name, _) => name == ".pgpass"),
        new("web server password file", (name, _) => name == ".htpasswd"),
        new("PyPI credentials file", (name, _) => name == ".pypirc"),
        new("Docker registry credentials", (_, path) => IsAt(path, ".docker/config.json")),
        new("Kubernetes credentials (kubeconfig)", (name, path) => name is "kubeconfig" || name.EndsWith(".kubeconfig", StringComparison.Ordinal)
            || IsAt(path, ".kube/config")),
        new("file named as a secret store", (name, _) => IsSecretStore(name)),
        new("Terraform variables (hold secrets in plain text)", (name, _) => name.EndsWith(".tfvars", StringComparison.Ordinal)
            || name.EndsWith(".tfvars.json", StringComparison.Ordinal)),
        new("cloud credentials file", (name, _) => name == "credentials.json"
            || (name.Contains("service-account", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            || (name.StartsWith("client_secret", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))),
        new("AWS credentials file", (_, path) => IsAt(path, ".aws/credentials")),
        new("Railway CLI token file", (_, path) => IsAt(path, ".railway/config.json")),
        new("Terraform state (holds secrets in plain text)", (name, _) => name.EndsWith(".tfstate", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".tfstate.backup", StringComparison.OrdinalIgnoreCase)),
    ];

    /// <summary>Why <paramref name="relativePath"/> looks like a secret, or null when it does not.</summary>
    public static SecretFileMatch? Check(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').TrimEnd('/');
        var name = path[(path.LastIndexOf('/') + 1)..].ToLowerInvariant();
        if (name.Length == 0)
        {
            return null;
        }
        if (EnvTemplateSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return null;
        }
        var rule = Rules.FirstOrDefault(r => r.Matches(name, path.ToLowerInvariant()));
        return rule is null ? null : new SecretFileMatch(relativePath, rule.Reason);
    }

    /// <summary>The paths among <paramref name="relativePaths"/> that look like secrets, in input order.</summary>
    public static IReadOnlyList<SecretFileMatch> FindSecrets(IEnumerable<string> relativePaths) =>
        relativePaths.Select(Check).OfType<SecretFileMatch>().ToList();

    private static bool IsEnvFile(string name) =>
        name is ".env" or ".envrc" || name.StartsWith(".env.", StringComparison.Ordinal) || name.EndsWith(".env", StringComparison.Ordinal);

    private static bool IsSshPrivateKey(string name) =>
        !name.EndsWith(".pub", StringComparison.Ordinal)
        && SshKeyNames.Any(key => name == key || (name.StartsWith(key, StringComparison.Ordinal) && name[key.Length] is '_' or '-' or '.'));

    private static bool IsSecretStore(string name)
    {
        var extension = SecretStoreExtensions.FirstOrDefault(ext => name.EndsWith(ext, StringComparison.Ordinal));
        if (extension is null)
        {
            return false;
        }
        var stem = name[..^extension.Length];
        return stem is "secret" or "secrets" || new[] { "secret", "secrets" }.Any(word =>
            stem.EndsWith("-" + word, StringComparison.Ordinal) || stem.EndsWith("_" + word, StringComparison.Ordinal)
            || stem.EndsWith("." + word, StringComparison.Ordinal));
    }

    /// <summary>The path is <paramref name="tail"/> or ends with "/" and it (lower-cased paths).</summary>
    private static bool IsAt(string path, string tail) => path == tail || path.EndsWith("/" + tail, StringComparison.Ordinal);
}
