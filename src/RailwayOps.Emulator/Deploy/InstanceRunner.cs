using Microsoft.Extensions.Logging;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Deploy;

/// <summary>Runs the deployments of one service instance, one at a time: the pipeline
/// (build → start → health check → go live), the live process, its crashes and restarts.</summary>
public sealed partial class InstanceRunner(EngineContext context, string environmentId, string serviceId, CancellationToken stopping)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _lock = new();
    private readonly List<DeploymentJob> _waiting = [];
    private DeploymentJob? _inFlight;
    private LiveDeployment? _live;

    private IEmulatorStore Store => context.Store;
    private DeploymentLogWriter Logs => context.Logs;

    public string? LiveDeploymentId
    {
        get
        {
            lock (_lock)
            {
                return _live?.DeploymentId;
            }
        }
    }

    /// <summary>Queues a deployment; queued ones not yet started are superseded (REMOVED).</summary>
    public void Enqueue(DeploymentJob job)
    {
        List<DeploymentJob> superseded;
        lock (_lock)
        {
            superseded = [.. _waiting];
            _waiting.Clear();
            _waiting.Add(job);
        }
        foreach (var old in superseded)
        {
            Guard(() =>
            {
                Logs.Build(old.DeploymentId, $"Superseded by a newer deployment ({job.DeploymentId})");
                Store.SetStatus(old.DeploymentId, DeployStatus.REMOVED, deploymentStopped: true);
            });
        }
        context.Background.Run(() => RunJobAsync(job), "deployment " + job.DeploymentId);
    }

    /// <summary>Cancels a queued or in-flight deployment; false when it is neither.</summary>
    public bool Cancel(string deploymentId)
    {
        lock (_lock)
        {
            var waiting = _waiting.Find(j => j.DeploymentId == deploymentId);
            if (waiting is not null)
            {
                _waiting.Remove(waiting);
            }
            else if (_inFlight?.DeploymentId == deploymentId)
            {
                _inFlight.CancelledByUser = true;
                _inFlight.Cancellation.Cancel();
                return true;
            }
            else
            {
                return false;
            }
        }
        Logs.Build(deploymentId, "Deployment cancelled");
        Store.SetStatus(deploymentId, DeployStatus.REMOVED, deploymentStopped: true);
        return true;
    }

    public bool IsLive(string deploymentId) => LiveDeploymentId == deploymentId;

    /// <summary>deploymentRestart: a new process for the live deployment, no rebuild.</summary>
    public void Restart(string deploymentId)
    {
        if (!IsLive(deploymentId))
        {
            throw new EmulatorUserException("Only the active deployment of a service can be restarted");
        }
        // Set before returning so that a caller waiting on the deployment sees the restart in progress.
        Store.SetStatus(deploymentId, DeployStatus.DEPLOYING);
        context.Background.Run(() => GuardAsync(() => RestartAsync(deploymentId)), "restart of " + deploymentId);
    }

    /// <summary>deploymentStop: the process stops; the deployment stays the active one.</summary>
    public async Task<bool> StopAsync(string deploymentId)
    {
        var live = TakeOverLive(deploymentId, detach: false);
        if (live is null)
        {
            return Cancel(deploymentId);
        }
        await StopProcessAsync(live);
        var current = Store.GetDeployment(deploymentId);
        Logs.Deploy(deploymentId, "Deployment stopped");
        Store.SetStatus(deploymentId, current?.Status ?? DeployStatus.SUCCESS, deploymentStopped: true);
        return true;
    }

    /// <summary>deploymentRemove: the process stops and the deployment is REMOVED.</summary>
    public async Task<bool> RemoveAsync(string deploymentId)
    {
        var live = TakeOverLive(deploymentId, detach: true);
        if (live is null)
        {
            return Cancel(deploymentId);
        }
        await StopProcessAsync(live);
        Logs.Deploy(deploymentId, "Deployment removed");
        Store.SetStatus(deploymentId, DeployStatus.REMOVED, deploymentStopped: true);
        return true;
    }

    /// <summary>Stops everything without touching statuses, so a later resume starts it again.</summary>
    public async Task ShutdownAsync()
    {
        List<DeploymentJob> jobs;
        LiveDeployment? live;
        lock (_lock)
        {
            jobs = [.. _waiting];
            if (_inFlight is not null)
            {
                jobs.Add(_inFlight);
            }
            _waiting.Clear();
            live = _live;
            if (live is not null)
            {
                live.Generation++;
            }
        }
        foreach (var job in jobs)
        {
            await job.Cancellation.CancelAsync();
        }
        if (live is not null)
        {
            await StopProcessAsync(live);
        }
        // Wait for the pipeline to notice, so that no process it started outlives the shutdown, and
        // stop whatever went live while this shutdown was under way.
        if (await _gate.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            try
            {
                LiveDeployment? late;
                lock (_lock)
                {
                    late = _live == live ? null : _live;
                    if (late is not null)
                    {
                        late.Generation++;
                    }
                }
                if (late is not null)
                {
                    await StopProcessAsync(late);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Starts a deployment that was live before the emulator stopped.</summary>
    public async Task ResumeLiveAsync(DeploymentRecord deployment)
    {
        await _gate.WaitAsync(stopping);
        try
        {
            var id = deployment.Id;
            var instance = Store.GetServiceInstance(environmentId, serviceId)
                ?? throw new InvalidOperationException("The service instance no longer exists");
            var workDirectory = context.Options.WorkDirectory(id);
            var upload = context.Options.UploadDirectory(id);
            EffectiveSettings? settings;
            string? failure;
            if (deployment.Meta.Image is { } image)
            {
                Logs.Deploy(id, "The emulator started: starting this live deployment's server again");
                (settings, failure) = PrepareImage(id, instance, image, workDirectory);
            }
            else if (deployment.Meta.CommitHash is null && Directory.Exists(upload))
            {
                Logs.Deploy(id, "The emulator started: starting this live deployment's container again");
                (settings, failure) = Directory.Exists(workDirectory)
                    ? (context.ResolveSettings(instance, TryReadFolderConfig(workDirectory)), null)
                    : await PrepareUploadAsync(id, instance, upload, workDirectory, stopping);
            }
            else
            {
                var repo = deployment.Meta.Repo ?? instance.Repo ?? throw new InvalidOperationException("No repository");
                var repository = context.Git.EnsureRepository(repo);
                var sha = deployment.Meta.CommitHash ?? throw new InvalidOperationException("No commit");
                Logs.Deploy(id, "The emulator started: starting this live deployment's container again");
                (settings, failure) = Directory.Exists(workDirectory)
                    ? (context.ResolveSettings(instance, TryReadConfig(repository, sha)), null)
                    : await PrepareSourceAsync(id, instance, repository, sha, workDirectory, stopping);
            }
            if (settings is null)
            {
                Logs.Deploy(id, failure ?? "The source could not be prepared", isError: true);
                Store.SetStatus(id, DeployStatus.CRASHED, deploymentStopped: true);
                return;
            }
            var (live, startFailure) = await StartReplicasAsync(instance, Store.GetDeployment(id)!, settings, workDirectory,
                stopping);
            if (live is null)
            {
                Logs.Deploy(id, startFailure!, isError: true);
                Store.SetStatus(id, DeployStatus.CRASHED, deploymentStopped: true);
                return;
            }
            await GoLiveAsync(live, instance, resumed: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            context.Logger.LogDebug(exception, "Ignored a state update for a deployment that is gone");
        }
    }

    private async Task GuardAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            context.Logger.LogWarning(exception, "Background work for {EnvironmentId}/{ServiceId} failed", environmentId, serviceId);
        }
    }
}
