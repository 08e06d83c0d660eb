using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The live deployment: switching the proxy to it, watching its process, restarting it.</summary>
public sealed partial class InstanceRunner
{
    /// <summary>Makes <paramref name="next"/> the live deployment. A <paramref name="resumed"/> one was live
    /// already (before the emulator stopped, or in the seed): the other deployments keep their statuses.</summary>
    private async Task GoLiveAsync(LiveDeployment next, ServiceInstanceRecord instance, bool resumed = false)
    {
        if (stopping.IsCancellationRequested)
        {
            // The engine stopped while this process was starting: it must not outlive the engine.
            await next.Process!.DisposeAsync();
            stopping.ThrowIfCancellationRequested();
        }
        LiveDeployment? previous;
        int generation;
        lock (_lock)
        {
            previous = _live;
            _live = next;
            generation = ++next.Generation;
            if (previous is not null)
            {
                previous.Generation++;
            }
        }
        var proxy = context.Proxies.GetOrStart(instance);
        proxy.TargetPort = next.Port;
        context.Markers.MarkWentLive(next.DeploymentId);
        Logs.Deploy(next.DeploymentId, $"Deployment is live at http://{proxy.Domain}");
        // The old deployments are REMOVED before the new one reports SUCCESS, so whoever waits for
        // that SUCCESS sees a settled service; the old process drains afterwards.
        foreach (var other in resumed ? [] : Store.GetDeployments(environmentId, serviceId))
        {
            if (other.Id != next.DeploymentId && other.Status is DeployStatus.SUCCESS or DeployStatus.CRASHED or DeployStatus.SLEEPING)
            {
                Store.SetStatus(other.Id, DeployStatus.REMOVED, deploymentStopped: true);
            }
        }
        if (!resumed || Store.GetDeployment(next.DeploymentId) is not { Status: DeployStatus.SUCCESS, DeploymentStopped: false })
        {
            Store.SetStatus(next.DeploymentId, DeployStatus.SUCCESS, deploymentStopped: false);
        }
        WatchForExit(next, generation);
        // Also when the previous one is this same deployment run again (approved while it was live): its old
        // process is replaced, not kept running beside the new one.
        if (previous is not null && !ReferenceEquals(previous, next))
        {
            await StopProcessAsync(previous);
        }
    }

    private void WatchForExit(LiveDeployment live, int generation)
    {
        var process = live.Process!;
        context.Background.Run(async () =>
        {
            var exitCode = await process.Exited.WaitAsync(stopping);
            await GuardAsync(() => OnExitAsync(live, generation, process, exitCode));
        }, "the process of " + live.DeploymentId);
    }

    private async Task OnExitAsync(LiveDeployment live, int generation, ManagedProcess process, int exitCode)
    {
        lock (_lock)
        {
            if (_live != live || live.Generation != generation || process.StopRequested
                || stopping.IsCancellationRequested)
            {
                return;
            }
        }
        var id = live.DeploymentId;
        // Whatever the exited shell left in its session goes with it, as a crashed container's processes do.
        await process.DisposeAsync();
        ReleaseProxy(live);
        Logs.Deploy(id, $"Container exited with code {exitCode}", isError: exitCode != 0);
        var policy = live.Settings.RestartPolicyType;
        if (exitCode == 0 && policy != "ALWAYS")
        {
            // Railway shows a clean exit as "Completed": SUCCESS with its instances stopped.
            Store.SetStatus(id, DeployStatus.SUCCESS, deploymentStopped: true);
            return;
        }
        Store.SetStatus(id, DeployStatus.CRASHED, deploymentStopped: true);
        await RestartAfterCrashAsync(live);
    }

    private async Task RestartAfterCrashAsync(LiveDeployment live)
    {
        var id = live.DeploymentId;
        var policy = live.Settings.RestartPolicyType;
        var maxRetries = live.Settings.RestartPolicyMaxRetries;
        while (true)
        {
            lock (_lock)
            {
                if (_live != live)
                {
                    return;
                }
            }
            if (policy == "NEVER" || live.Restarts >= maxRetries)
            {
                Logs.Deploy(id, policy == "NEVER"
                    ? "Restart policy NEVER: the deployment stays crashed"
                    : $"Restart policy {policy} exhausted after {live.Restarts} restart(s): the deployment stays crashed",
                    isError: true);
                return;
            }
            live.Restarts++;
            var delay = TimeSpan.FromMilliseconds(Math.Min(5000,
                context.Options.RestartBackoff.TotalMilliseconds * Math.Pow(2, live.Restarts - 1)));
            await Task.Delay(delay, stopping);
            Logs.Deploy(id, $"Restarting container (restart {live.Restarts} of {maxRetries}, policy {policy})");
            var instance = Store.GetServiceInstance(environmentId, serviceId);
            var deployment = Store.GetDeployment(id);
            if (instance is null || deployment is null)
            {
                return;
            }
            var started = await StartProcessAsync(instance, deployment, live.Settings, live.WorkDirectory, stopping);
            if (started.Process is null)
            {
                Logs.Deploy(id, started.Failure!, isError: true);
                continue;
            }
            await AdoptProcessAsync(live, started.Process, started.Port, instance);
            return;
        }
    }

    private async Task RestartAsync(string deploymentId)
    {
        await _gate.WaitAsync(stopping);
        try
        {
            var live = TakeOverLive(deploymentId, detach: false);
            if (live is null)
            {
                // Another deployment went live while this restart waited its turn.
                if (Store.GetDeployment(deploymentId)?.Status == DeployStatus.DEPLOYING)
                {
                    Store.SetStatus(deploymentId, DeployStatus.REMOVED, deploymentStopped: true);
                }
                return;
            }
            await StopProcessAsync(live);
            live.Restarts = 0;
            Logs.Deploy(deploymentId, "Restarting container (requested)");
            var instance = Store.GetServiceInstance(environmentId, serviceId);
            var deployment = Store.GetDeployment(deploymentId);
            if (instance is null || deployment is null)
            {
                return;
            }
            var started = await StartProcessAsync(instance, deployment, live.Settings, live.WorkDirectory, stopping);
            if (started.Process is null)
            {
                Logs.Deploy(deploymentId, started.Failure!, isError: true);
                Store.SetStatus(deploymentId, DeployStatus.CRASHED, deploymentStopped: true);
                return;
            }
            await AdoptProcessAsync(live, started.Process, started.Port, instance);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes a restarted process the live one, unless another deployment took over meanwhile.</summary>
    private async Task<bool> AdoptProcessAsync(LiveDeployment live, ManagedProcess process, int port,
        ServiceInstanceRecord instance)
    {
        int generation;
        lock (_lock)
        {
            if (_live != live || stopping.IsCancellationRequested)
            {
                generation = -1;
            }
            else
            {
                live.Process = process;
                live.Port = port;
                generation = ++live.Generation;
            }
        }
        if (generation < 0)
        {
            await process.DisposeAsync();
            return false;
        }
        context.Proxies.GetOrStart(instance).TargetPort = port;
        Store.SetStatus(live.DeploymentId, DeployStatus.SUCCESS, deploymentStopped: false);
        WatchForExit(live, generation);
        return true;
    }

    /// <summary>The live deployment when it is <paramref name="deploymentId"/>, with its crash watcher
    /// disarmed; <paramref name="detach"/> also makes the instance have no live deployment.</summary>
    private LiveDeployment? TakeOverLive(string deploymentId, bool detach)
    {
        lock (_lock)
        {
            if (_live?.DeploymentId != deploymentId)
            {
                return null;
            }
            var live = _live;
            live.Generation++;
            if (detach)
            {
                _live = null;
            }
            return live;
        }
    }

    private async Task StopProcessAsync(LiveDeployment live)
    {
        ReleaseProxy(live);
        if (live.Process is { } process)
        {
            await process.DisposeAsync();
        }
    }

    private void ReleaseProxy(LiveDeployment live)
    {
        var proxy = context.Proxies.Find(environmentId, serviceId);
        if (proxy is not null && proxy.TargetPort == live.Port)
        {
            proxy.TargetPort = null;
        }
    }
}
