using Microsoft.Extensions.Logging;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Git;
using RailwayOps.Emulator.Proxy;

namespace RailwayOps.Emulator.Deploy;

/// <summary>What every instance runner shares.</summary>
public sealed class EngineContext(IEmulatorStore store, GitRepositoryHost git, ProxyRegistry proxies,
    EngineOptions options, ILogger logger)
{
    public IEmulatorStore Store { get; } = store;
    public GitRepositoryHost Git { get; } = git;
    public ProxyRegistry Proxies { get; } = proxies;
    public EngineOptions Options { get; } = options;
    public ILogger Logger { get; } = logger;
    public EngineMarkers Markers { get; } = new(options);
    public DeploymentLogWriter Logs { get; } = new(store);
    public HealthCheck HealthCheck { get; } = new(options);
    /// <summary>Marks this engine's processes for the <see cref="OrphanReaper"/>.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");
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
