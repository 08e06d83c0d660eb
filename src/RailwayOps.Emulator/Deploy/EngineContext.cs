using Microsoft.Extensions.Logging;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Git;
using RailwayOps.Emulator.Proxy;

namespace RailwayOps.Emulator.Deploy;

/// <summary>What every instance runner shares.</summary>
public sealed class EngineContext
{
    public EngineContext(IEmulatorStore store, GitRepositoryHost git, ProxyRegistry proxies, EngineOptions options,
        ILogger logger)
    {
        Store = store;
        Git = git;
        Proxies = proxies;
        Options = options;
        Logger = logger;
        Markers = new EngineMarkers(options);
        Logs = new DeploymentLogWriter(store);
        HealthCheck = new HealthCheck(options);
        Processes = new ProcessRegistry(options.EngineRoot, InstanceId);
        Background = new BackgroundWork(logger);
        Databases = new DatabaseServers(options);
    }

    /// <summary>The servers image services (databases) run as.</summary>
    public DatabaseServers Databases { get; }

    public IEmulatorStore Store { get; }
    public GitRepositoryHost Git { get; }
    public ProxyRegistry Proxies { get; }
    public EngineOptions Options { get; }
    public ILogger Logger { get; }
    public EngineMarkers Markers { get; }
    public DeploymentLogWriter Logs { get; }
    public HealthCheck HealthCheck { get; }
    /// <summary>Marks this engine's processes for the <see cref="OrphanReaper"/>.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");
    /// <summary>Every process the engine starts, started through here.</summary>
    public ProcessRegistry Processes { get; }
    /// <summary>Every piece of work no request waits for, awaited at shutdown.</summary>
    public BackgroundWork Background { get; }
    /// <summary>Deployments that failed their health check (GitHub reports those as "error").</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> HealthcheckFailures { get; } = new();

    /// <summary>railway.toml (preferred, as in Railway) or railway.json of a commit, or null.</summary>
    public RailwayConfig? ReadConfig(HostedRepository repository, string sha)
    {
        var toml = Git.ReadFile(repository, sha, "railway.toml");
        if (toml is not null)
        {
            return RailwayConfig.FromToml(toml);
        }
        var json = Git.ReadFile(repository, sha, "railway.json");
        return json is null ? null : RailwayConfig.FromJson(json);
    }

    public EffectiveSettings ResolveSettings(ServiceInstanceRecord instance, RailwayConfig? config)
    {
        var environment = Store.GetEnvironment(instance.EnvironmentId);
        var isPullRequest = environment is { PrNumber: not null } || environment?.IsEphemeral == true;
        return RailwayConfig.Resolve(config, instance.Settings, instance.EnvironmentName, isPullRequest);
    }
}
