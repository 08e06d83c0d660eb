namespace RailwayOps.Emulator.Deploy;

/// <summary>The environment a build, an app or the watchdog starts with: what a container image would set
/// (PATH, HOME, the locale, the temp folder, where language toolchains live) and nothing else of the
/// emulator's own environment, so that a token exported in the user's shell (RAILWAY_API_TOKEN,
/// GITHUB_TOKEN, ...) never reaches what a deployment runs. The deployment's variables come on top.</summary>
public static class ProcessEnvironment
{
    /// <summary>Passed through from the emulator's environment when set there.</summary>
    public static IReadOnlyList<string> PassedThrough { get; } =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR",
        // Toolchain locators: without them a pyenv/nvm/rustup shim on PATH cannot find its interpreter.
        "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "NVM_DIR", "NVM_BIN", "GOROOT", "GOPATH", "CARGO_HOME",
        "RUSTUP_HOME", "JAVA_HOME", "DOTNET_ROOT", "GEM_HOME", "GEM_PATH", "RBENV_ROOT", "SSL_CERT_FILE", "SSL_CERT_DIR",
        // A test harness's tag for what its run started (see the README): not a secret, passed on unchanged.
        RunIdVariable,
    ];

    /// <summary>Set by a test harness on the emulator; every process the engine starts carries it too.</summary>
    public const string RunIdVariable = "RAILWAYOPS_RUN_ID";

    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The minimal environment with <paramref name="variables"/> on top (they win, as on Railway).</summary>
    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, string> variables)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in PassedThrough)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            // LC_ALL, LC_CTYPE, ...: the locale, in whatever pieces the user set it.
            if (entry.Key is string name && name.StartsWith("LC_", StringComparison.Ordinal) && entry.Value is string value)
            {
                environment[name] = value;
            }
        }
        environment.TryAdd("PATH", DefaultPath);
        environment.TryAdd("LANG", "C.UTF-8");
        // Python buffers stdout when it is not a terminal; logs must arrive as they are written.
        environment["PYTHONUNBUFFERED"] = "1";
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }
        return environment;
    }
}
