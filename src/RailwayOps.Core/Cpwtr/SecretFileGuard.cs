namespace RailwayOps.Core.Cpwtr;

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
/// <item><c>.env</c>, <c>.env.*</c> and <c>*.env</c>, except templates meant to be committed:
/// <c>.env.example</c>, <c>.env.sample</c>, <c>.env.template</c> (also as a last part, e.g. <c>.env.local.example</c>).</item>
/// <item>Private keys and key stores: <c>*.pem</c>, <c>*.key</c>, <c>*.p12</c>, <c>*.pfx</c>, <c>*.ppk</c>,
/// <c>*.keystore</c>, <c>*.jks</c>, and SSH keys <c>id_rsa</c>, <c>id_dsa</c>, <c>id_ecdsa</c>, <c>id_ed25519</c>
/// (their <c>.pub</c> halves are public and allowed).</item>
/// <item>Credential files: <c>.netrc</c>, <c>_netrc</c>, <c>.pypirc</c>, <c>credentials.json</c>,
/// <c>*service-account*.json</c>, <c>client_secret*.json</c>, <c>.aws/credentials</c>,
/// <c>.railway/config.json</c> (the Railway CLI's token file).</item>
/// <item>Terraform state, which stores resource secrets in plain text: <c>*.tfstate</c>, <c>*.tfstate.backup</c>.</item>
/// </list>
/// <c>.npmrc</c> is deliberately absent: projects commonly commit it for registry settings, and
/// telling one with an auth token apart needs its content.
/// </remarks>
public static class SecretFileGuard
{
    private sealed record Rule(string Reason, Func<string, string, bool> Matches);

    private static readonly string[] EnvTemplateSuffixes = [".example", ".sample", ".template"];

    private static readonly string[] SshKeyNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

    private static readonly string[] KeyExtensions = [".pem", ".key", ".p12", ".pfx", ".ppk", ".keystore", ".jks"];

    private static readonly Rule[] Rules =
    [
        new("environment file with variable values", (name, _) => IsEnvFile(name)),
        new("private key or certificate store", (name, _) => KeyExtensions.Any(ext => name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))),
        new("SSH private key", (name, _) => SshKeyNames.Any(key => name.Equals(key, StringComparison.OrdinalIgnoreCase))),
        new("credentials file for network logins", (name, _) => name is ".netrc" or "_netrc"),
        new("PyPI credentials file", (name, _) => name == ".pypirc"),
        new("cloud credentials file", (name, _) => name == "credentials.json"
            || (name.Contains("service-account", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            || (name.StartsWith("client_secret", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))),
        new("AWS credentials file", (_, path) => path.EndsWith(".aws/credentials", StringComparison.OrdinalIgnoreCase)),
        new("Railway CLI token file", (_, path) => path.Equals(".railway/config.json", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/.railway/config.json", StringComparison.OrdinalIgnoreCase)),
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
        var rule = Rules.FirstOrDefault(r => r.Matches(name, path));
        return rule is null ? null : new SecretFileMatch(relativePath, rule.Reason);
    }

    /// <summary>The paths among <paramref name="relativePaths"/> that look like secrets, in input order.</summary>
    public static IReadOnlyList<SecretFileMatch> FindSecrets(IEnumerable<string> relativePaths) =>
        relativePaths.Select(Check).OfType<SecretFileMatch>().ToList();

    private static bool IsEnvFile(string name)
    {
        var isEnv = name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal) || name.EndsWith(".env", StringComparison.Ordinal);
        return isEnv && !EnvTemplateSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));
    }
}
