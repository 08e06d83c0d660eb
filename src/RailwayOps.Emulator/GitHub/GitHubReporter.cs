using Microsoft.Extensions.Logging;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;

namespace RailwayOps.Emulator.GitHub;

/// <summary>Reports deployments of GitHub-connected services back to the emulated GitHub, as the
/// Railway GitHub App does: a GitHub Deployment per Railway deployment (with its statuses) and one
/// commit status per service and environment.</summary>
public sealed class GitHubReporter(IEmulatorStore store, DeploymentEngine engine, GitHubState state,
    ILogger<GitHubReporter> logger)
{
    public const string BotLogin = "railway-app[bot]";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Repo, string Sha), bool> _knownCommits = new();
    private int _attached;

    public void Attach()
    {
        if (Interlocked.Exchange(ref _attached, 1) == 0)
        {
            store.DeploymentChanged += OnDeploymentChanged;
        }
    }

    public static string CommitStatusContext(string serviceName, string environmentName) =>
        $"railway/{serviceName} ({environmentName})";

    public static string EnvironmentLabel(string projectName, string environmentName) => $"{projectName} / {environmentName}";

    private void OnDeploymentChanged(DeploymentRecord deployment)
    {
        try
        {
            Report(deployment);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Reporting deployment {DeploymentId} to GitHub failed", deployment.Id);
        }
    }

    private void Report(DeploymentRecord deployment)
    {
        if (deployment.Meta is not { Repo: { } repo, CommitHash: { } sha } meta || !IsHostedCommit(repo, sha))
        {
            return;
        }
        var outcome = Classify(deployment);
        if (outcome is null)
        {
            return;
        }
        var instance = store.GetServiceInstance(deployment.EnvironmentId, deployment.ServiceId);
        if (instance is null)
        {
            return;
        }
        var domain = engine.ServiceDomain(deployment.EnvironmentId, deployment.ServiceId);
        var serviceUrl = domain is null ? null : $"http://{domain}";
        var environment = store.GetEnvironment(deployment.EnvironmentId);
        var now = DateTimeOffset.UtcNow;
        state.Change(document =>
        {
            var gitHubDeployment = document.Deployments.Find(d => d.RailwayDeploymentId == deployment.Id);
            if (gitHubDeployment is null)
            {
                if (outcome.Value.DeploymentState != "in_progress")
                {
                    return 0;
                }
                gitHubDeployment = new GitHubDeploymentEntry(document.TakeId(), repo, sha, meta.Branch ?? sha, "deploy",
                    EnvironmentLabel(instance.ProjectName, instance.EnvironmentName),
                    new Dictionary<string, string> { ["serviceId"] = instance.ServiceId }, $"Railway deployment {deployment.Id}",
                    BotLogin, TransientEnvironment: environment?.IsEphemeral == true,
                    ProductionEnvironment: environment?.IsEphemeral != true, now, deployment.Id);
                document.Deployments.Add(gitHubDeployment);
            }
            var last = document.DeploymentStatuses.LastOrDefault(s => s.DeploymentId == gitHubDeployment.Id);
            if (last?.State == outcome.Value.DeploymentState)
            {
                return 0;
            }
            document.DeploymentStatuses.Add(new GitHubDeploymentStatusEntry(document.TakeId(), gitHubDeployment.Id,
                outcome.Value.DeploymentState, outcome.Value.Description,
                outcome.Value.DeploymentState == "success" ? serviceUrl : null, serviceUrl, BotLogin, now));
            if (outcome.Value.CommitState is { } commitState)
            {
                document.CommitStatuses.Add(new CommitStatusEntry(document.TakeId(), repo, sha, commitState, serviceUrl,
                    outcome.Value.Description, CommitStatusContext(instance.ServiceName, instance.EnvironmentName),
                    BotLogin, now, now));
            }
            return 0;
        });
    }

    /// <summary>Seeded history names commits no repository holds; GitHub knows nothing of those.</summary>
    private bool IsHostedCommit(string repo, string sha) =>
        _knownCommits.GetOrAdd((repo, sha), key =>
            engine.Git.Find(key.Repo) is { } repository && engine.Git.ResolveCommit(repository, key.Sha) is not null);

    private (string DeploymentState, string? CommitState, string Description)? Classify(DeploymentRecord deployment) =>
        deployment.Status switch
        {
            DeployStatus.QUEUED or DeployStatus.BUILDING or DeployStatus.DEPLOYING or DeployStatus.INITIALIZING
                or DeployStatus.WAITING => ("in_progress", "pending", "Deployment in progress"),
            DeployStatus.SUCCESS when !deployment.DeploymentStopped => ("success", "success", "Deployment succeeded"),
            DeployStatus.FAILED when engine.HealthcheckFailed(deployment.Id) =>
                ("failure", "error", "Deployment failed: health check failed"),
            DeployStatus.FAILED => ("failure", "failure", "Deployment failed"),
            DeployStatus.CRASHED => ("failure", "failure", "Deployment crashed"),
            DeployStatus.REMOVED => ("inactive", null, "Deployment removed"),
            _ => null,
        };
}
