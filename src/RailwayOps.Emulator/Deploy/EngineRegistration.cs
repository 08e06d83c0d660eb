using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.GitHub;
using RailwayOps.Emulator.Hosting;

namespace RailwayOps.Emulator.Deploy;

/// <summary>Wires the running side (git hosting, deploy engine, proxies, GitHub REST) into the host.</summary>
public static class EngineRegistration
{
    public static IServiceCollection AddEmulatorEngine(this IServiceCollection services, EmulatorOptions options)
    {
        // Read lazily: the host may settle the state folder after registering services.
        services.AddSingleton(_ => new EngineOptions(Path.GetFullPath(options.StateDirectory)));
        return services.AddEmulatorEngineCore();
    }

    /// <summary>Registration given the engine's own options (tests host the engine with a test store).</summary>
    public static IServiceCollection AddEmulatorEngineCore(this IServiceCollection services)
    {
        services.AddSingleton<DeploymentEngine>();
        services.AddSingleton<Upload.UploadLimits>();
        services.AddSingleton<IDeploymentEngine>(provider => provider.GetRequiredService<DeploymentEngine>());
        services.AddSingleton(provider => new GitHubState(
            Path.Combine(provider.GetRequiredService<EngineOptions>().StateDirectory, "github.json")));
        services.AddSingleton<GitHubReporter>();
        services.AddSingleton<PullRequestService>();
        services.AddHostedService<EngineLifetime>();
        return services;
    }

    public static WebApplication MapEmulatorEngine(this WebApplication app)
    {
        app.MapGet("/_emulator/repos", (DeploymentEngine engine) =>
        {
            engine.SyncRepositories();
            return Results.Json(engine.Git.Repositories.Select(r => new
            {
                repo = r.Repo,
                path = r.Path,
                defaultBranch = r.DefaultBranch,
            }));
        });
        app.MapGitHubApi();
        return app;
    }

    /// <summary>Starts the engine with the host (restarting live deployments, then watching pushes) and
    /// stops every child process when the host stops.</summary>
    private sealed class EngineLifetime(DeploymentEngine engine, GitHubReporter reporter) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            reporter.Attach();
            await engine.ResumeAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => engine.StopAllAsync();
    }
}
