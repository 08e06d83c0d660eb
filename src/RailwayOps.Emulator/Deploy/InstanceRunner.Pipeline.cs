using System.Text.Json;
using Microsoft.Extensions.Logging;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Git;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The pipeline of one deployment: check out, build, start, health check.</summary>
public sealed partial class InstanceRunner
{
    private async Task RunJobAsync(DeploymentJob job)
    {
        try
        {
            await _gate.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            lock (_lock)
            {
                if (!_waiting.Remove(job))
                {
                    return;
                }
                _inFlight = job;
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, stopping);
            await RunPipelineAsync(job, linked.Token);
        }
        catch (OperationCanceledException) when (job.CancelledByUser)
        {
            Guard(() =>
            {
                Logs.Deploy(job.DeploymentId, "Deployment cancelled");
                Store.SetStatus(job.DeploymentId, DeployStatus.REMOVED, deploymentStopped: true);
            });
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || job.Cancellation.IsCancellationRequested)
        {
            // The emulator is stopping (or the environment went away): a resume marks it as interrupted.
        }
        catch (Exception exception)
        {
            context.Logger.LogWarning(exception, "Deployment {DeploymentId} failed", job.DeploymentId);
            Guard(() =>
            {
                Logs.Deploy(job.DeploymentId, $"Deployment failed: {exception.Message}", isError: true);
                Store.SetStatus(job.DeploymentId, DeployStatus.FAILED, deploymentStopped: true);
            });
        }
        finally
        {
            lock (_lock)
            {
                _inFlight = null;
            }
            _gate.Release();
        }
    }

    private async Task RunPipelineAsync(DeploymentJob job, CancellationToken cancellationToken)
    {
        var id = job.DeploymentId;
        var instance = Store.GetServiceInstance(environmentId, serviceId)
            ?? throw new InvalidOperationException("The service instance no longer exists");
        // A deployment run again while it is live (held for approval, then approved) replaces its own
        // process: the old one stops before its work folder is made anew.
        if (TakeOverLive(id, detach: true) is { } running)
        {
            await StopProcessAsync(running);
        }
        Store.SetStatus(id, DeployStatus.BUILDING);
        var workDirectory = context.Options.WorkDirectory(id);
        var (settings, failure) = job.Image is { } image
            ? PrepareImage(id, instance, image, workDirectory)
            : job.UploadDirectory is { } upload
            ? await PrepareUploadAsync(id, instance, upload, workDirectory, cancellationToken)
            : await PrepareSourceAsync(id, instance, context.Git.EnsureRepository(job.Repo), job.CommitSha, workDirectory, cancellationToken);
        if (settings is null)
        {
            Logs.Build(id, failure!, isError: true);
            Store.SetStatus(id, DeployStatus.FAILED, deploymentStopped: true);
            return;
        }
        Store.SetStatus(id, DeployStatus.DEPLOYING);
        if (job.Image is not null && LiveDeploymentId is { } current && current != id && TakeOverLive(current, detach: true) is { } previous)
        {
            // A database's data is in its volume, which one server at a time may hold (Railway, too, stops the old
            // deployment of a service with a volume before the new one starts): the old server stops first.
            Logs.Deploy(current, "Stopping: a new deployment takes over this service's volume");
            await StopProcessAsync(previous);
            Store.SetStatus(current, DeployStatus.REMOVED, deploymentStopped: true);
        }
        var (live, failure2) = await StartReplicasAsync(instance, Store.GetDeployment(id)!, settings, workDirectory, cancellationToken);
        if (live is null)
        {
            Logs.Deploy(id, failure2!, isError: true);
            Store.SetStatus(id, DeployStatus.FAILED, deploymentStopped: true);
            return;
        }
        if (cancellationToken.IsCancellationRequested)
        {
            await DisposeReplicasAsync(live.Replicas);
            cancellationToken.ThrowIfCancellationRequested();
        }
        await GoLiveAsync(live, instance);
    }

    /// <summary>Starts the deployment's replicas (settings.NumReplicas), each health-checked; all of them, or
    /// none and why (a replica that fails stops the ones already started).</summary>
    private async Task<(LiveDeployment? Live, string? Failure)> StartReplicasAsync(ServiceInstanceRecord instance,
        DeploymentRecord deployment, EffectiveSettings settings, string workDirectory, CancellationToken cancellationToken)
    {
        var live = new LiveDeployment(deployment.Id, workDirectory, settings);
        for (var number = 1; number <= settings.NumReplicas; number++)
        {
            var replica = new Replica(number);
            if (settings.NumReplicas > 1)
            {
                Logs.Deploy(deployment.Id, $"Starting replica {number} of {settings.NumReplicas}");
            }
            (ManagedProcess? Process, int Port, string? Failure) started;
            try
            {
                started = await StartProcessAsync(instance, deployment, settings, workDirectory, replica.ReplicaId, cancellationToken);
            }
            catch
            {
                await DisposeReplicasAsync(live.Replicas);
                throw;
            }
            if (started.Process is null)
            {
                await DisposeReplicasAsync(live.Replicas);
                return (null, settings.NumReplicas > 1 && started.Failure!.StartsWith("Healthcheck failed", StringComparison.Ordinal)
                    ? $"Healthcheck failed! Replica {number} of {settings.NumReplicas} never became healthy!"
                    : started.Failure);
            }
            replica.Process = started.Process;
            replica.Port = started.Port;
            live.Replicas.Add(replica);
        }
        return (live, null);
    }

    /// <summary>An image deployment (a database service): no build, the server the image stands for, one replica, its
    /// readiness probe as the health check; settings, or null and why (its binaries are not on this machine).</summary>
    private (EffectiveSettings? Settings, string? Failure) PrepareImage(string id, ServiceInstanceRecord instance, string image,
        string workDirectory)
    {
        var (server, problem) = context.Databases.Resolve(image);
        if (server is null)
        {
            return (null, problem);
        }
        Directory.CreateDirectory(workDirectory);
        Logs.Build(id, $"Using image {image}: the emulator runs {server.DisplayName} from {server.BinFolder} (no container runtime)");
        return (ImageSettings(instance, server), null);
    }

    private static EffectiveSettings ImageSettings(ServiceInstanceRecord instance, DatabaseServer server) =>
        new(null, server.DisplayName, null, instance.Settings.HealthcheckTimeout ?? EffectiveSettings.DefaultHealthcheckTimeoutSeconds,
            instance.Settings.RestartPolicyType, instance.Settings.RestartPolicyMaxRetries, [], null, NumReplicas: 1);

    /// <summary>Starts the database server of an image deployment in the service's volume and waits until it accepts
    /// connections on its port (the instance's proxy, on the port its variables name, forwards to it).</summary>
    private async Task<(ManagedProcess? Process, int Port, string? Failure)> StartDatabaseAsync(ServiceInstanceRecord instance,
        DeploymentRecord deployment, string image, EffectiveSettings settings, string workDirectory, string replicaId,
        CancellationToken cancellationToken)
    {
        var id = deployment.Id;
        var (server, problem) = context.Databases.Resolve(image);
        if (server is null)
        {
            return (null, 0, problem);
        }
        var volume = Store.GetVolumeMount(instance.EnvironmentId, instance.ServiceId);
        var dataFolder = volume is null
            ? Path.Combine(workDirectory, "data")
            : context.Options.VolumeDirectory(volume.VolumeId);
        if (volume is null)
        {
            Logs.Deploy(id, $"This service has no volume: {server.DisplayName}'s data lives in the deployment's work folder and goes with it");
        }
        Directory.CreateDirectory(dataFolder);
        Directory.CreateDirectory(workDirectory);
        var proxy = context.Proxies.GetOrStart(instance);
        var port = LoopbackPorts.PickFree();
        var variables = RuntimeVariables.For(context, instance, deployment, port, proxy.Domain);
        variables["RAILWAY_REPLICA_ID"] = replicaId;
        Logs.Deploy(id, $"Starting {server.DisplayName} on 127.0.0.1:{port} (the service's address is {proxy.Domain})");
        // The script (paths only, no secret) is a file in the run folder, so the process list shows "/bin/sh .../server.sh".
        var runFolder = context.Options.DatabaseRunDirectory(id);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(runFolder);
        }
        else
        {
            Directory.CreateDirectory(runFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var scriptPath = Path.Combine(runFolder, "server.sh");
        await File.WriteAllTextAsync(scriptPath, server.StartScript(dataFolder), cancellationToken);
        var process = context.Processes.Start("exec /bin/sh '" + scriptPath.Replace("'", "'\\''", StringComparison.Ordinal) + "'", workDirectory,
            variables, (line, isError) => Logs.Deploy(id, line, isError && !line.Contains(" LOG: ", StringComparison.Ordinal)));
        try
        {
            var result = await server.WaitReadyAsync(process, port, TimeSpan.FromSeconds(settings.HealthcheckTimeoutSeconds), cancellationToken);
            if (result.Healthy)
            {
                Logs.Deploy(id, result.Detail);
                return (process, port, null);
            }
            Logs.Deploy(id, result.Detail, isError: true);
            context.HealthcheckFailures[id] = true;
            await process.DisposeAsync();
            return (null, port, $"{server.DisplayName} did not start: see the lines above");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Checks the commit out and runs the build command; settings, or null and why.</summary>
    private Task<(EffectiveSettings? Settings, string? Failure)> PrepareSourceAsync(string id,
        ServiceInstanceRecord instance, HostedRepository repository, string sha, string workDirectory,
        CancellationToken cancellationToken) =>
        PrepareAsync(id, instance, workDirectory, async () =>
        {
            Logs.Build(id, $"Checking out {repository.Repo}@{sha[..Math.Min(7, sha.Length)]}");
            await context.Git.ExportAsync(repository, sha, workDirectory, cancellationToken);
            return () => context.ReadConfig(repository, sha);
        }, cancellationToken);

    /// <summary>Copies an unpacked upload into the work folder and builds it exactly as a commit (its railway.toml
    /// or railway.json is honoured); settings, or null and why.</summary>
    private Task<(EffectiveSettings? Settings, string? Failure)> PrepareUploadAsync(string id,
        ServiceInstanceRecord instance, string uploadDirectory, string workDirectory, CancellationToken cancellationToken) =>
        PrepareAsync(id, instance, workDirectory, () =>
        {
            if (!Directory.Exists(uploadDirectory))
            {
                throw new InvalidOperationException("The uploaded code of this deployment is gone from the state folder");
            }
            Logs.Build(id, "Unpacking the uploaded code");
            Upload.UploadUnpacker.CopyTree(uploadDirectory, workDirectory);
            return Task.FromResult<Func<RailwayConfig?>>(() => RailwayConfigFiles.ReadFolder(workDirectory));
        }, cancellationToken);

    private async Task<(EffectiveSettings? Settings, string? Failure)> PrepareAsync(string id,
        ServiceInstanceRecord instance, string workDirectory, Func<Task<Func<RailwayConfig?>>> materialise,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(workDirectory))
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        var readConfig = await materialise();
        RailwayConfig? config;
        try
        {
            config = readConfig();
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return (null, $"Invalid config file: {exception.Message}");
        }
        if (config is not null)
        {
            Logs.Build(id, $"Using config from {config.FileName}");
        }
        var settings = context.ResolveSettings(instance, config);
        if (settings.BuildCommand is { } buildCommand)
        {
            Logs.Build(id, $"Running build command: {buildCommand}");
            var variables = RuntimeVariables.For(context, instance, Store.GetDeployment(id)!, 0,
                context.Proxies.GetOrStart(instance).Domain);
            variables.Remove("PORT");
            await using var build = context.Processes.Start(buildCommand, workDirectory, variables,
                (line, isError) => Logs.Build(id, line, isError));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(context.Options.BuildTimeout);
            int exitCode;
            try
            {
                exitCode = await build.Exited.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, $"Build timed out after {context.Options.BuildTimeout.TotalSeconds:0}s");
            }
            if (exitCode != 0)
            {
                return (null, $"Build failed: the build command exited with code {exitCode}");
            }
        }
        Logs.Build(id, "Build completed");
        return (settings, null);
    }

    private static RailwayConfig? TryReadFolderConfig(string folder)
    {
        try
        {
            return RailwayConfigFiles.ReadFolder(folder);
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    private RailwayConfig? TryReadConfig(HostedRepository repository, string sha)
    {
        try
        {
            return context.ReadConfig(repository, sha);
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Starts the start command and waits for its health check; the process, or why not.</summary>
    private async Task<(ManagedProcess? Process, int Port, string? Failure)> StartProcessAsync(
        ServiceInstanceRecord instance, DeploymentRecord deployment, EffectiveSettings settings, string workDirectory,
        string replicaId, CancellationToken cancellationToken)
    {
        var id = deployment.Id;
        if ((deployment.Meta.Image ?? instance.Image) is { } image && DatabaseServers.KindOf(image) is not null)
        {
            return await StartDatabaseAsync(instance, deployment, image, settings, workDirectory, replicaId, cancellationToken);
        }
        if (settings.StartCommand is null)
        {
            return (null, 0, "No start command could be found (set deploy.startCommand in railway.toml or the service settings)");
        }
        var proxy = context.Proxies.GetOrStart(instance);
        var port = LoopbackPorts.PickFree();
        var variables = RuntimeVariables.For(context, instance, deployment, port, proxy.Domain);
        variables["RAILWAY_REPLICA_ID"] = replicaId;
        Logs.Deploy(id, $"Starting Container: {settings.StartCommand}");
        var process = context.Processes.Start(settings.StartCommand, workDirectory, variables,
            (line, isError) => Logs.Deploy(id, line, isError));
        try
        {
            if (settings.HealthcheckPath is not { } path)
            {
                return (process, port, null);
            }
            Logs.Deploy(id, $"Starting Healthcheck: path {path}, retry window {settings.HealthcheckTimeoutSeconds}s");
            var result = await context.HealthCheck.WaitAsync(process, port, path,
                TimeSpan.FromSeconds(settings.HealthcheckTimeoutSeconds), line => Logs.Deploy(id, line), cancellationToken);
            if (result.Healthy)
            {
                Logs.Deploy(id, result.Detail);
                return (process, port, null);
            }
            Logs.Deploy(id, result.Detail, isError: true);
            context.HealthcheckFailures[id] = true;
            await process.DisposeAsync();
            return (null, port, "Healthcheck failed! 1/1 replicas never became healthy!");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
