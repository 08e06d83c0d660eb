using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Git;
using RailwayOps.Emulator.Proxy;

namespace RailwayOps.Emulator.Deploy;

/// <summary>The running side of the emulator: turns pushes and mutations into deployments and runs
/// them, one <see cref="InstanceRunner"/> per service instance.</summary>
public sealed class DeploymentEngine : IDeploymentEngine, IAsyncDisposable
{
    private static readonly DeployStatus[] InFlightStatuses =
        [DeployStatus.BUILDING, DeployStatus.DEPLOYING, DeployStatus.INITIALIZING, DeployStatus.WAITING, DeployStatus.REMOVING];

    /// <summary>How the deploy log of a deployment cut off by an emulator restart begins.</summary>
    public const string InterruptedLogPrefix = "Interrupted: the emulator stopped";

    private readonly EngineContext _context;
    private readonly ConcurrentDictionary<(string EnvironmentId, string ServiceId), InstanceRunner> _runners = new();
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    // One generation per ResumeAsync..StopAllAsync span: a re-seed stops the engine and resumes it.
    private CancellationTokenSource _generation = new();
    private PushSpoolWatcher? _watcher;
    private ManagedProcess? _reaper;
    private bool _running;

    public DeploymentEngine(IEmulatorStore store, EngineOptions options, ILogger<DeploymentEngine> logger)
    {
        _logger = logger;
        Git = new GitRepositoryHost(options.GitRoot);
        Proxies = new ProxyRegistry(store);
        _context = new EngineContext(store, Git, Proxies, options, logger);
        Metrics = new MetricsSampler(RunningReplicas, Proxies, options.MetricsInterval ?? MetricsSampler.DefaultInterval);
    }

    /// <summary>CPU, memory and network samples of the running service instances (the metrics query reads them).</summary>
    public MetricsSampler Metrics { get; }

    public GitRepositoryHost Git { get; }
    public ProxyRegistry Proxies { get; }
    private IEmulatorStore Store => _context.Store;

    /// <summary>The value of <see cref="OrphanReaper.MarkerVariable"/> in every process this engine starts.</summary>
    public string InstanceId => _context.InstanceId;

    public bool HealthcheckFailed(string deploymentId) => _context.HealthcheckFailures.ContainsKey(deploymentId);

    /// <summary>Creates a bare repository for every repo named in the state (also after a re-seed).</summary>
    public void SyncRepositories()
    {
        foreach (var repo in Store.AllServiceInstances().Select(i => i.Repo).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (GitRepositoryHost.IsValidRepoName(repo) && Git.Find(repo) is null)
            {
                Git.EnsureRepository(repo);
            }
        }
    }

    /// <summary>A push to a branch: one deployment per service instance tracking it.</summary>
    public void HandlePush(PushEvent push)
    {
        if (push.IsDeletion || push.Branch is not { } branch)
        {
            return;
        }
        var repository = Git.EnsureRepository(push.Repo);
        var commit = Git.ReadCommit(repository, push.NewSha);
        var changedFiles = Git.ChangedFiles(repository, push.OldSha, commit);
        foreach (var instance in Store.ServiceInstancesTrackingRepo(push.Repo, branch))
        {
            var meta = new DeploymentMetaInfo(commit.Sha, commit.Message, commit.Author, branch, push.Repo, "deploy");
            RailwayConfig? config = null;
            try
            {
                config = _context.ReadConfig(repository, commit.Sha);
            }
            catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
            {
                // The pipeline reports the broken config as a build failure.
            }
            var settings = _context.ResolveSettings(instance, config);
            var watch = new WatchPatterns(settings.WatchPatterns);
            if (!watch.MatchesAny(changedFiles))
            {
                var skipped = Store.CreateDeployment(instance.EnvironmentId, instance.ServiceId, meta, DeployStatus.SKIPPED);
                _context.Logs.Build(skipped.Id,
                    $"No changed file matches the watch patterns ({string.Join(", ", settings.WatchPatterns)}): deployment skipped");
                continue;
            }
            Queue(instance, meta, commit.Sha, push.Repo);
        }
    }

    public string Deploy(string environmentId, string serviceId, string? commitSha, string? reason = null)
    {
        var instance = Store.GetServiceInstance(environmentId, serviceId)
            ?? throw new EmulatorUserException("Service instance not found");
        if (instance.Image is not null && instance.Repo is null)
        {
            return DeployImage(environmentId, serviceId, reason ?? "deploy");
        }
        var repo = instance.Repo ?? throw new EmulatorUserException("Service has no connected repository");
        var repository = Git.EnsureRepository(repo);
        var branch = instance.Branch ?? repository.DefaultBranch;
        var sha = commitSha is null ? Git.BranchHead(repository, branch) : Git.ResolveCommit(repository, commitSha);
        if (sha is null)
        {
            throw new EmulatorUserException("Commit not found");
        }
        var commit = Git.ReadCommit(repository, sha);
        var meta = new DeploymentMetaInfo(commit.Sha, commit.Message, commit.Author, branch, repo, reason ?? "deploy");
        return Queue(instance, meta, commit.Sha, repo).Id;
    }

    public DeploymentRecord Redeploy(string deploymentId) => RedeployOf(RequireDeployment(deploymentId), "redeploy");

    public void RedeployServiceInstance(string environmentId, string serviceId)
    {
        if (!TryRedeployLatest(environmentId, serviceId, "redeploy"))
        {
            throw new EmulatorUserException("No deployment to redeploy");
        }
    }

    public Task ScaleAsync(string environmentId, string serviceId) =>
        // A database's server runs once: a second one cannot share its volume.
        Volatile.Read(ref _running) && Store.GetServiceInstance(environmentId, serviceId)?.Image is null
            ? RunnerFor(environmentId, serviceId).ScaleAsync() : Task.CompletedTask;

    /// <summary>A deployment of the instance's image: the server it stands for (a database), run in its volume.</summary>
    public string DeployImage(string environmentId, string serviceId, string reason)
    {
        var instance = Store.GetServiceInstance(environmentId, serviceId)
            ?? throw new EmulatorUserException("Service instance not found");
        var image = instance.Image ?? throw new EmulatorUserException("Service has no image");
        // Its address (the proxy's port, kept in the state) exists from the first deployment on: its variables name it.
        Proxies.GetOrStart(instance);
        var meta = new DeploymentMetaInfo(null, null, null, null, null, reason, image);
        var deployment = Store.CreateDeployment(environmentId, serviceId, meta, DeployStatus.QUEUED);
        RunnerFor(environmentId, serviceId).Enqueue(DeploymentJob.ForImage(deployment.Id, image));
        return deployment.Id;
    }

    public string? ImageProblem(string image) => _context.Databases.Resolve(image).Problem;

    public IReadOnlyList<RunningReplica> RunningReplicas() =>
        _runners.SelectMany(pair => pair.Value.RunningReplicas()
            .Select(r => new RunningReplica(pair.Key.EnvironmentId, pair.Key.ServiceId, r.DeploymentId, r.ReplicaId, r.ProcessId)))
            .ToList();

    public void VolumeAttached(string environmentId, string serviceId) =>
        TryRedeployLatest(environmentId, serviceId, "volume attached");

    public double VolumeSizeMB(string volumeId)
    {
        var folder = new DirectoryInfo(_context.Options.VolumeDirectory(volumeId));
        try
        {
            return folder.Exists
                ? Math.Round(folder.EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length) / 1_000_000.0, 6)
                : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void VolumeDeleted(string volumeId, string environmentId, string? serviceId)
    {
        var folder = _context.Options.VolumeDirectory(volumeId);
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(exception, "The folder of volume {VolumeId} could not be deleted", volumeId);
        }
        if (serviceId is not null)
        {
            TryRedeployLatest(environmentId, serviceId, "volume removed");
        }
    }

    public void Restart(string deploymentId)
    {
        var deployment = RequireDeployment(deploymentId);
        RunnerFor(deployment).Restart(deploymentId);
    }

    public void Rollback(string deploymentId)
    {
        if (!CanRollback(deploymentId))
        {
            throw new EmulatorUserException("This deployment cannot be rolled back");
        }
        RedeployOf(RequireDeployment(deploymentId), "rollback");
    }

    public void Cancel(string deploymentId)
    {
        var deployment = RequireDeployment(deploymentId);
        if (!RunnerFor(deployment).Cancel(deploymentId))
        {
            if (deployment.Status is DeployStatus.QUEUED or DeployStatus.WAITING or DeployStatus.INITIALIZING
                or DeployStatus.NEEDS_APPROVAL)
            {
                Store.SetStatus(deploymentId, DeployStatus.REMOVED, deploymentStopped: true);
                return;
            }
            throw new EmulatorUserException("Only a queued, building or deploying deployment can be cancelled");
        }
    }

    public async Task StopAsync(string deploymentId)
    {
        var deployment = RequireDeployment(deploymentId);
        if (!await RunnerFor(deployment).StopAsync(deploymentId))
        {
            Store.SetStatus(deploymentId, deployment.Status, deploymentStopped: true);
        }
    }

    public async Task RemoveAsync(string deploymentId)
    {
        var deployment = RequireDeployment(deploymentId);
        if (!await RunnerFor(deployment).RemoveAsync(deploymentId))
        {
            Store.SetStatus(deploymentId, DeployStatus.REMOVED, deploymentStopped: true);
        }
    }

    public void Approve(string deploymentId)
    {
        var deployment = RequireDeployment(deploymentId);
        if (deployment.Status != DeployStatus.NEEDS_APPROVAL)
        {
            throw new EmulatorUserException("Only a deployment that needs approval can be approved");
        }
        if (deployment.Meta.Image is { } image)
        {
            Store.SetStatus(deploymentId, DeployStatus.QUEUED);
            RunnerFor(deployment).Enqueue(DeploymentJob.ForImage(deploymentId, image));
            return;
        }
        if (IsUpload(deployment))
        {
            Store.SetStatus(deploymentId, DeployStatus.QUEUED);
            RunnerFor(deployment).Enqueue(DeploymentJob.ForUpload(deploymentId, _context.Options.UploadDirectory(deploymentId)));
            return;
        }
        var repo = deployment.Meta.Repo ?? Store.GetServiceInstance(deployment.EnvironmentId, deployment.ServiceId)?.Repo;
        if (repo is null || deployment.Meta.CommitHash is null)
        {
            throw new EmulatorUserException("This deployment has no source to deploy");
        }
        Store.SetStatus(deploymentId, DeployStatus.QUEUED);
        RunnerFor(deployment).Enqueue(new DeploymentJob(deploymentId, repo, deployment.Meta.CommitHash));
    }

    public void VariablesChanged(string environmentId, IReadOnlyCollection<string> serviceIds)
    {
        foreach (var serviceId in serviceIds.Distinct(StringComparer.Ordinal))
        {
            // A service that never had source deployed (no repo, empty repo) has nothing to redeploy.
            TryRedeployLatest(environmentId, serviceId, "variables changed");
        }
    }

    /// <summary>Redeploys the commit of the newest deployment whose commit the repository holds, else the
    /// branch head; false when there is neither.</summary>
    private bool TryRedeployLatest(string environmentId, string serviceId, string reason)
    {
        var instance = Store.GetServiceInstance(environmentId, serviceId);
        if (instance is { Image: not null, Repo: null })
        {
            DeployImage(environmentId, serviceId, reason);
            return true;
        }
        if (instance is not null && instance.Repo is null
            && Store.GetDeployments(environmentId, serviceId).Where(d => d.Status != DeployStatus.SKIPPED && IsUpload(d))
                .MaxBy(d => d.CreatedAt) is { } uploaded)
        {
            // A service deployed by upload (railway up) redeploys its newest upload.
            RedeployOf(uploaded, reason);
            return true;
        }
        if (instance?.Repo is null || !GitRepositoryHost.IsValidRepoName(instance.Repo))
        {
            return false;
        }
        var repository = Git.EnsureRepository(instance.Repo);
        var latest = Store.GetDeployments(environmentId, serviceId)
            .Where(d => d.Status != DeployStatus.SKIPPED && d.Meta.CommitHash is { } sha && Git.ResolveCommit(repository, sha) is not null)
            .MaxBy(d => d.CreatedAt);
        if (latest is not null)
        {
            RedeployOf(latest, reason);
            return true;
        }
        if (Git.BranchHead(repository, instance.Branch ?? repository.DefaultBranch) is null)
        {
            return false;
        }
        Deploy(environmentId, serviceId, null, reason);
        return true;
    }

    public async Task EnvironmentDeletedAsync(string environmentId)
    {
        var runners = new List<InstanceRunner>();
        foreach (var key in _runners.Keys.Where(k => k.EnvironmentId == environmentId).ToList())
        {
            if (_runners.TryRemove(key, out var runner))
            {
                runners.Add(runner);
            }
        }
        await Task.WhenAll(runners.Select(r => r.ShutdownAsync()));
        await Proxies.StopEnvironmentAsync(environmentId);
        // Its volumes (a database's data among them) go with it, once nothing runs on them.
        foreach (var volume in Store.GetVolumeMounts(environmentId))
        {
            var folder = _context.Options.VolumeDirectory(volume.VolumeId);
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Could not delete the volume folder {Folder}: {Message}", folder, exception.Message);
            }
        }
        // Its processes have ended: their work folders go with the environment.
        foreach (var instance in Store.GetServiceInstances(environmentId))
        {
            foreach (var deployment in Store.GetDeployments(environmentId, instance.ServiceId))
            {
                var folder = _context.Options.WorkDirectory(deployment.Id);
                try
                {
                    if (Directory.Exists(folder))
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning("Could not delete the work folder {Folder}: {Message}", folder, exception.Message);
                }
            }
        }
    }

    public bool CanRollback(string deploymentId)
    {
        var deployment = Store.GetDeployment(deploymentId);
        if (deployment is null || (deployment.Meta.CommitHash is null && deployment.Meta.Image is null && !IsUpload(deployment))
            || deployment.Status is not (DeployStatus.SUCCESS or DeployStatus.REMOVED))
        {
            return false;
        }
        var wentLive = deployment.Status == DeployStatus.SUCCESS || _context.Markers.WentLive(deploymentId);
        var isLive = RunnerFor(deployment).IsLive(deploymentId)
            || (deployment.Status == DeployStatus.SUCCESS && !deployment.DeploymentStopped);
        return wentLive && !isLive;
    }

    public string? ServiceDomain(string environmentId, string serviceId)
    {
        var instance = Store.GetServiceInstance(environmentId, serviceId);
        if (instance is null)
        {
            return null;
        }
        if (!Volatile.Read(ref _running))
        {
            // Stopped (or stopping): report the kept port without listening on it again.
            return instance.ProxyPort is { } port ? $"127.0.0.1:{port}" : null;
        }
        return Proxies.GetOrStart(instance).Domain;
    }

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_running)
            {
                return;
            }
            // What an emulator killed on this state folder left running, if its watchdog missed anything.
            _context.Processes.KillLeftovers();
            if (!_uploadsSwept)
            {
                // Once per process, before any request: what an upload cut off by a kill left half unpacked.
                RemoveUploadLeftovers();
                _uploadsSwept = true;
            }
            _context.Processes.Open();
            _reaper = OrphanReaper.Start(_context.InstanceId, _context.Options.StateDirectory);
            SyncRepositories();
            Volatile.Write(ref _running, true);
            var resumed = new List<Task>();
            foreach (var instance in Store.AllServiceInstances())
            {
                if (ResumeInstance(instance) is { } resume)
                {
                    resumed.Add(resume);
                }
            }
            // The live deployments serve before the emulator says it is ready (bounded: a slow app keeps
            // starting in the background, and its status says so).
            if (resumed.Count > 0)
            {
                await Task.WhenAny(Task.WhenAll(resumed), Task.Delay(LiveResumeWait, cancellationToken));
            }
            var generation = _generation.Token;
            _context.Background.Run(() => Metrics.RunAsync(generation), "metrics sampling");
            _watcher = new PushSpoolWatcher(Git, HandlePush,
                exception => _logger.LogWarning(exception, "Handling a push failed"), SyncRepositories);
            _watcher.Start();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAllAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            Volatile.Write(ref _running, false);
            if (_watcher is not null)
            {
                await _watcher.DisposeAsync();
                _watcher = null;
            }
            await _generation.CancelAsync();
            var runners = _runners.Values.ToList();
            _runners.Clear();
            await Task.WhenAll(runners.Select(r => r.ShutdownAsync()));
            // Every pipeline, restart and crash watcher has seen the cancellation and ended (bounded: the
            // sweep below ends whatever process a stuck one still holds).
            if (!await _context.Background.WaitAllAsync(TimeSpan.FromSeconds(10)))
            {
                _logger.LogWarning("{Count} piece(s) of background work did not end within 10 s of the stop", _context.Background.Count);
            }
            await Proxies.DisposeAsync();
            // Nothing starts from here on; every process on the list and everything carrying the marker ends.
            await _context.Processes.CloseAsync();
            if (_reaper is not null)
            {
                await _reaper.DisposeAsync();
                _reaper = null;
            }
            _generation.Dispose();
            _generation = new CancellationTokenSource();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAllAsync();

    /// <summary>How long a start waits for the live deployments to serve again.</summary>
    private static readonly TimeSpan LiveResumeWait = TimeSpan.FromSeconds(20);

    private bool _uploadsSwept;

    /// <summary>
    /// Deletes the staging folders (uploads/.incoming-*) of uploads that were still arriving when an emulator on this
    /// state folder was killed: such an upload was never answered, so it never became a deployment, and its partial
    /// files would otherwise stay in the state folder for good.
    /// </summary>
    private void RemoveUploadLeftovers()
    {
        var root = _context.Options.UploadRoot;
        if (!Directory.Exists(root))
        {
            return;
        }
        foreach (var staging in Directory.EnumerateDirectories(root, ".incoming-*"))
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(exception, "Could not delete the cut-off upload {Staging}", staging);
            }
        }
    }

    private Task? ResumeInstance(ServiceInstanceRecord instance)
    {
        Proxies.GetOrStart(instance);
        var deployments = Store.GetDeployments(instance.EnvironmentId, instance.ServiceId);
        // Nothing failed in the code of an interrupted deployment: it was cut off, as Railway's abort marks one
        // REMOVED. It never went live, so the previous deployment keeps serving; a redeploy runs it again.
        foreach (var interrupted in deployments.Where(d => InFlightStatuses.Contains(d.Status)))
        {
            _context.Logs.Deploy(interrupted.Id, $"{InterruptedLogPrefix} while this deployment was {interrupted.Status}: it did not finish and did not go live. Redeploy it to run it again.", isError: true);
            Store.SetStatus(interrupted.Id, DeployStatus.REMOVED, deploymentStopped: true);
        }
        var live = deployments
            .Where(d => d.Status is DeployStatus.SUCCESS or DeployStatus.CRASHED && _context.Markers.WentLive(d.Id)
                && (d.Meta.CommitHash is not null || d.Meta.Image is not null || IsUpload(d)) && !(d.Status == DeployStatus.SUCCESS && d.DeploymentStopped))
            .MaxBy(d => d.CreatedAt);
        var runner = RunnerFor(instance.EnvironmentId, instance.ServiceId);
        Task? resume = null;
        if (live is not null && live.Status == DeployStatus.SUCCESS)
        {
            resume = _context.Background.Run(() => runner.ResumeLiveAsync(live), "resuming deployment " + live.Id);
        }
        foreach (var queued in deployments.Where(d => d.Status == DeployStatus.QUEUED).OrderBy(d => d.CreatedAt))
        {
            if (queued.Meta.Image is { } image)
            {
                runner.Enqueue(DeploymentJob.ForImage(queued.Id, image));
                continue;
            }
            if (IsUpload(queued))
            {
                runner.Enqueue(DeploymentJob.ForUpload(queued.Id, _context.Options.UploadDirectory(queued.Id)));
                continue;
            }
            var repo = queued.Meta.Repo ?? instance.Repo;
            if (repo is null || queued.Meta.CommitHash is null)
            {
                Store.SetStatus(queued.Id, DeployStatus.FAILED, deploymentStopped: true);
                continue;
            }
            runner.Enqueue(new DeploymentJob(queued.Id, repo, queued.Meta.CommitHash));
        }
        return resume;
    }

    private DeploymentRecord RedeployOf(DeploymentRecord source, string reason)
    {
        if (source.Meta.Image is not null)
        {
            return Store.GetDeployment(DeployImage(source.EnvironmentId, source.ServiceId, reason))!;
        }
        if (IsUpload(source))
        {
            if (Store.GetServiceInstance(source.EnvironmentId, source.ServiceId) is null)
            {
                throw new EmulatorUserException("Service instance not found");
            }
            var copy = Store.CreateDeployment(source.EnvironmentId, source.ServiceId, source.Meta with { Reason = reason }, DeployStatus.QUEUED);
            Upload.UploadUnpacker.CopyTree(_context.Options.UploadDirectory(source.Id), _context.Options.UploadDirectory(copy.Id));
            RunnerFor(copy).Enqueue(DeploymentJob.ForUpload(copy.Id, _context.Options.UploadDirectory(copy.Id)));
            return copy;
        }
        var repo = source.Meta.Repo ?? Store.GetServiceInstance(source.EnvironmentId, source.ServiceId)?.Repo;
        if (repo is null || source.Meta.CommitHash is null)
        {
            throw new EmulatorUserException("This deployment has no source to redeploy");
        }
        var repository = Git.EnsureRepository(repo);
        if (Git.ResolveCommit(repository, source.Meta.CommitHash) is null)
        {
            throw new EmulatorUserException("Commit not found");
        }
        var instance = Store.GetServiceInstance(source.EnvironmentId, source.ServiceId)
            ?? throw new EmulatorUserException("Service instance not found");
        return Queue(instance, source.Meta with { Repo = repo, Reason = reason }, source.Meta.CommitHash, repo);
    }

    private DeploymentRecord Queue(ServiceInstanceRecord instance, DeploymentMetaInfo meta, string sha, string repo)
    {
        var deployment = Store.CreateDeployment(instance.EnvironmentId, instance.ServiceId, meta, DeployStatus.QUEUED);
        RunnerFor(instance.EnvironmentId, instance.ServiceId).Enqueue(new DeploymentJob(deployment.Id, repo, sha));
        return deployment;
    }

    /// <summary>A deployment of uploaded code (railway up): no commit, and its unpacked upload kept in the state folder.</summary>
    private bool IsUpload(DeploymentRecord deployment) =>
        deployment.Meta.CommitHash is null && Directory.Exists(_context.Options.UploadDirectory(deployment.Id));

    /// <summary>
    /// railway up: a deployment of the upload unpacked in <paramref name="stagedFolder"/> (moved into the state
    /// folder), recorded with the meta of a CLI upload (no commit, no repository, the message as its commit
    /// message), queued and built exactly as a pushed commit.
    /// </summary>
    public DeploymentRecord DeployUpload(string environmentId, string serviceId, string stagedFolder, string? message, int fileCount)
    {
        var instance = Store.GetServiceInstance(environmentId, serviceId)
            ?? throw new EmulatorUserException("Service instance not found");
        var meta = new DeploymentMetaInfo(null, message, null, null, null, "deploy");
        var deployment = Store.CreateDeployment(instance.EnvironmentId, instance.ServiceId, meta, DeployStatus.QUEUED);
        var folder = _context.Options.UploadDirectory(deployment.Id);
        Directory.Move(stagedFolder, folder);
        _context.Logs.Build(deployment.Id, $"Received an upload of {fileCount} file(s)");
        RunnerFor(instance.EnvironmentId, instance.ServiceId).Enqueue(DeploymentJob.ForUpload(deployment.Id, folder));
        return deployment;
    }

    private DeploymentRecord RequireDeployment(string deploymentId) =>
        Store.GetDeployment(deploymentId) ?? throw new EmulatorUserException("Deployment not found");

    private InstanceRunner RunnerFor(DeploymentRecord deployment) => RunnerFor(deployment.EnvironmentId, deployment.ServiceId);

    private InstanceRunner RunnerFor(string environmentId, string serviceId) =>
        _runners.GetOrAdd((environmentId, serviceId),
            key => new InstanceRunner(_context, key.EnvironmentId, key.ServiceId, _generation.Token));
}
