using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The live deployment: switching the proxy to its replicas, watching each replica's process,
/// restarting it under the restart policy, and scaling the replicas in place.</summary>
public sealed partial class InstanceRunner
{
    /// <summary>Makes <paramref name="next"/> (its replicas started and healthy) the live deployment. A
    /// <paramref name="resumed"/> one was live already (before the emulator stopped, or in the seed): the other
    /// deployments keep their statuses.</summary>
    private async Task GoLiveAsync(LiveDeployment next, ServiceInstanceRecord instance, bool resumed = false)
    {
        if (stopping.IsCancellationRequested)
        {
            // The engine stopped while these processes were starting: they must not outlive the engine.
            await DisposeReplicasAsync(next.Replicas);
            stopping.ThrowIfCancellationRequested();
        }
        LiveDeployment? previous;
        int generation;
        List<Replica> replicas;
        lock (_lock)
        {
            previous = _live;
            _live = next;
            generation = ++next.Generation;
            if (previous is not null)
            {
                previous.Generation++;
            }
            replicas = [.. next.Replicas];
        }
        var proxy = context.Proxies.GetOrStart(instance);
        proxy.SetTargets(replicas.Select(r => r.Port));
        context.Markers.MarkWentLive(next.DeploymentId);
        Logs.Deploy(next.DeploymentId, instance.Image is not null
            ? $"Deployment is live at {proxy.Domain}"
            : replicas.Count == 1
            ? $"Deployment is live at http://{proxy.Domain}"
            : $"Deployment is live at http://{proxy.Domain} ({replicas.Count} replicas, round-robin)");
        // The old deployments are REMOVED before the new one reports SUCCESS, so whoever waits for
        // that SUCCESS sees a settled service; the old processes drain afterwards.
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
        foreach (var replica in replicas)
        {
            WatchForExit(next, generation, replica);
        }
        // Also when the previous one is this same deployment run again (approved while it was live): its old
        // processes are replaced, not kept running beside the new ones.
        if (previous is not null && !ReferenceEquals(previous, next))
        {
            await StopProcessAsync(previous);
        }
    }

    private void WatchForExit(LiveDeployment live, int liveGeneration, Replica replica)
    {
        var process = replica.Process!;
        var replicaGeneration = replica.Generation;
        context.Background.Run(async () =>
        {
            var exitCode = await process.Exited.WaitAsync(stopping);
            await GuardAsync(() => OnExitAsync(live, liveGeneration, replica, replicaGeneration, process, exitCode));
        }, $"the process of {live.DeploymentId} (replica {replica.Number})");
    }

    private bool IsCurrent(LiveDeployment live, int liveGeneration, Replica replica, int replicaGeneration) =>
        _live == live && live.Generation == liveGeneration && replica.Generation == replicaGeneration
        && live.Replicas.Contains(replica) && !stopping.IsCancellationRequested;

    private async Task OnExitAsync(LiveDeployment live, int liveGeneration, Replica replica, int replicaGeneration,
        ManagedProcess process, int exitCode)
    {
        bool othersServe;
        lock (_lock)
        {
            if (!IsCurrent(live, liveGeneration, replica, replicaGeneration) || process.StopRequested)
            {
                return;
            }
            othersServe = live.Replicas.Any(r => r != replica && r.Process is { HasExited: false });
        }
        var id = live.DeploymentId;
        // Whatever the exited shell left in its session goes with it, as a crashed container's processes do.
        await process.DisposeAsync();
        context.Proxies.Find(environmentId, serviceId)?.RemoveTarget(replica.Port);
        var label = live.Replicas.Count > 1 ? $" (replica {replica.Number} of {live.Replicas.Count})" : "";
        Logs.Deploy(id, $"Container exited with code {exitCode}{label}", isError: exitCode != 0);
        var policy = live.Settings.RestartPolicyType;
        if (exitCode == 0 && policy != "ALWAYS")
        {
            // Railway shows a clean exit as "Completed": SUCCESS with its instances stopped (once none serves).
            if (!othersServe)
            {
                Store.SetStatus(id, DeployStatus.SUCCESS, deploymentStopped: true);
            }
            return;
        }
        if (!othersServe)
        {
            Store.SetStatus(id, DeployStatus.CRASHED, deploymentStopped: true);
        }
        await RestartAfterCrashAsync(live, liveGeneration, replica);
    }

    private async Task RestartAfterCrashAsync(LiveDeployment live, int liveGeneration, Replica replica)
    {
        var id = live.DeploymentId;
        var policy = live.Settings.RestartPolicyType;
        var maxRetries = live.Settings.RestartPolicyMaxRetries;
        var label = live.Replicas.Count > 1 ? $"replica {replica.Number}, " : "";
        while (true)
        {
            lock (_lock)
            {
                if (_live != live || live.Generation != liveGeneration || !live.Replicas.Contains(replica))
                {
                    return;
                }
            }
            if (policy == "NEVER" || replica.Restarts >= maxRetries)
            {
                Logs.Deploy(id, policy == "NEVER"
                    ? $"Restart policy NEVER: the {(live.Replicas.Count > 1 ? $"replica {replica.Number}" : "deployment")} stays crashed"
                    : $"Restart policy {policy} exhausted after {replica.Restarts} restart(s): the {(live.Replicas.Count > 1 ? $"replica {replica.Number}" : "deployment")} stays crashed",
                    isError: true);
                return;
            }
            replica.Restarts++;
            var delay = TimeSpan.FromMilliseconds(Math.Min(5000,
                context.Options.RestartBackoff.TotalMilliseconds * Math.Pow(2, replica.Restarts - 1)));
            await Task.Delay(delay, stopping);
            Logs.Deploy(id, $"Restarting container ({label}restart {replica.Restarts} of {maxRetries}, policy {policy})");
            var instance = Store.GetServiceInstance(environmentId, serviceId);
            var deployment = Store.GetDeployment(id);
            if (instance is null || deployment is null)
            {
                return;
            }
            var started = await StartProcessAsync(instance, deployment, live.Settings, live.WorkDirectory, replica.ReplicaId, stopping);
            if (started.Process is null)
            {
                Logs.Deploy(id, started.Failure!, isError: true);
                continue;
            }
            await AdoptProcessAsync(live, liveGeneration, replica, started.Process, started.Port, instance);
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
            Logs.Deploy(deploymentId, "Restarting container (requested)");
            var instance = Store.GetServiceInstance(environmentId, serviceId);
            var deployment = Store.GetDeployment(deploymentId);
            if (instance is null || deployment is null)
            {
                return;
            }
            List<Replica> replicas;
            lock (_lock)
            {
                replicas = [.. live.Replicas];
            }
            int liveGeneration;
            lock (_lock)
            {
                liveGeneration = live.Generation;
            }
            var adopted = 0;
            foreach (var replica in replicas)
            {
                replica.Restarts = 0;
                var started = await StartProcessAsync(instance, deployment, live.Settings, live.WorkDirectory, replica.ReplicaId, stopping);
                if (started.Process is null)
                {
                    Logs.Deploy(deploymentId, started.Failure!, isError: true);
                    continue;
                }
                if (await AdoptProcessAsync(live, liveGeneration, replica, started.Process, started.Port, instance))
                {
                    adopted++;
                }
            }
            if (adopted == 0)
            {
                Store.SetStatus(deploymentId, DeployStatus.CRASHED, deploymentStopped: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes a (re)started process the replica's, unless another deployment took over meanwhile.</summary>
    private async Task<bool> AdoptProcessAsync(LiveDeployment live, int liveGeneration, Replica replica, ManagedProcess process,
        int port, ServiceInstanceRecord instance)
    {
        bool adopted;
        lock (_lock)
        {
            adopted = _live == live && live.Generation == liveGeneration && live.Replicas.Contains(replica)
                && !stopping.IsCancellationRequested;
            if (adopted)
            {
                replica.Process = process;
                replica.Port = port;
                replica.Generation++;
            }
        }
        if (!adopted)
        {
            await process.DisposeAsync();
            return false;
        }
        context.Proxies.GetOrStart(instance).AddTarget(port);
        if (Store.GetDeployment(live.DeploymentId) is not { Status: DeployStatus.SUCCESS, DeploymentStopped: false })
        {
            Store.SetStatus(live.DeploymentId, DeployStatus.SUCCESS, deploymentStopped: false);
        }
        WatchForExit(live, liveGeneration, replica);
        return true;
    }

    /// <summary>
    /// numReplicas changed in the service settings: the live deployment gets that many replicas at once, each new one
    /// health-checked before it joins the rotation, and the newest ones stop first when it shrinks. A count set in the
    /// deployment's config file wins (code overrides the service settings, as on Railway) and is kept.
    /// </summary>
    public async Task ScaleAsync()
    {
        await _gate.WaitAsync(stopping);
        try
        {
            LiveDeployment? live;
            int liveGeneration;
            lock (_lock)
            {
                live = _live;
                liveGeneration = live?.Generation ?? 0;
            }
            var instance = Store.GetServiceInstance(environmentId, serviceId);
            if (live is null || instance is null)
            {
                return;
            }
            var deployment = Store.GetDeployment(live.DeploymentId);
            if (deployment is null)
            {
                return;
            }
            if (live.Settings.ReplicasFromConfig)
            {
                Logs.Deploy(live.DeploymentId, $"numReplicas is set in {live.Settings.ConfigFile}: the deployment keeps {live.Settings.NumReplicas} replica(s)");
                return;
            }
            var wanted = Math.Clamp(instance.Settings.NumReplicas ?? 1, 1, EffectiveSettings.MaxReplicas);
            List<Replica> current;
            lock (_lock)
            {
                current = [.. live.Replicas];
            }
            if (wanted == current.Count)
            {
                return;
            }
            Logs.Deploy(live.DeploymentId, $"Scaling from {current.Count} to {wanted} replica(s)");
            if (wanted < current.Count)
            {
                var leaving = current.Skip(wanted).ToList();
                lock (_lock)
                {
                    foreach (var replica in leaving)
                    {
                        live.Replicas.Remove(replica);
                        replica.Generation++;
                    }
                }
                var proxy = context.Proxies.Find(environmentId, serviceId);
                foreach (var replica in leaving)
                {
                    proxy?.RemoveTarget(replica.Port);
                }
                await DisposeReplicasAsync(leaving);
                return;
            }
            var next = current.Count == 0 ? 1 : current.Max(r => r.Number) + 1;
            for (var i = current.Count; i < wanted; i++)
            {
                var replica = new Replica(next++);
                var started = await StartProcessAsync(instance, deployment, live.Settings, live.WorkDirectory, replica.ReplicaId, stopping);
                if (started.Process is null)
                {
                    Logs.Deploy(live.DeploymentId, started.Failure!, isError: true);
                    return;
                }
                bool joined;
                lock (_lock)
                {
                    joined = _live == live && live.Generation == liveGeneration && !stopping.IsCancellationRequested;
                    if (joined)
                    {
                        replica.Process = started.Process;
                        replica.Port = started.Port;
                        live.Replicas.Add(replica);
                    }
                }
                if (!joined)
                {
                    await started.Process.DisposeAsync();
                    return;
                }
                context.Proxies.GetOrStart(instance).AddTarget(started.Port);
                WatchForExit(live, liveGeneration, replica);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The replicas the live deployment runs now (process id and port), for metrics and tests.</summary>
    public IReadOnlyList<(string DeploymentId, string ReplicaId, int ProcessId)> RunningReplicas()
    {
        lock (_lock)
        {
            return _live is null
                ? []
                : _live.Replicas.Where(r => r.Process is { HasExited: false })
                    .Select(r => (_live.DeploymentId, r.ReplicaId, r.Process!.Id)).ToList();
        }
    }

    /// <summary>The live deployment when it is <paramref name="deploymentId"/>, with its crash watchers
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
        List<Replica> replicas;
        lock (_lock)
        {
            replicas = [.. live.Replicas];
        }
        var proxy = context.Proxies.Find(environmentId, serviceId);
        foreach (var replica in replicas)
        {
            proxy?.RemoveTarget(replica.Port);
        }
        await DisposeReplicasAsync(replicas);
    }

    private static async Task DisposeReplicasAsync(IEnumerable<Replica> replicas)
    {
        foreach (var replica in replicas)
        {
            if (replica.Process is { } process)
            {
                await process.DisposeAsync();
            }
        }
    }
}
