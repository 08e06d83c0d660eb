using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RailwayOps.Emulator.Admin;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using RailwayOps.Emulator.Graph;
using RailwayOps.Emulator.State;

namespace RailwayOps.Emulator.Hosting;

/// <summary>
/// One running emulator: used by Program (the process the module starts) and by tests in-process.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, EmulatorOptions options, int port, bool restored)
    {
        _app = app;
        Options = options;
        Port = port;
        Restored = restored;
    }

    public EmulatorOptions Options { get; }
    public int Port { get; }
    /// <summary>True when the state folder already held state (the seed was not applied).</summary>
    public bool Restored { get; }
    public Uri GraphqlUrl => new($"http://127.0.0.1:{Port}{GraphQLHttpEndpoint.Path}");
    public Uri GitHubApiUrl => new($"http://127.0.0.1:{Port}/api/v3/");
    public Uri AdminUrl => new($"http://127.0.0.1:{Port}{AdminPaths.Prefix}/");
    public IServiceProvider Services => _app.Services;
    public EmulatorStore Store => _app.Services.GetRequiredService<EmulatorStore>();

    /// <summary>The JSON of the READY line and of emulator.json.</summary>
    public string ReadyJson
    {
        get
        {
            var engine = _app.Services.GetRequiredService<DeploymentEngine>();
            engine.SyncRepositories();
            return JsonSerializer.Serialize(new
            {
                graphqlUrl = GraphqlUrl.ToString(),
                githubApiUrl = GitHubApiUrl.ToString(),
                adminUrl = AdminUrl.ToString(),
                stateDirectory = Options.StateDirectory,
                pid = Environment.ProcessId,
                // The git remote of every hosted repository: push to it and the emulator deploys.
                repositories = engine.Git.Repositories.Select(r => new { repo = r.Repo, remote = r.Path, defaultBranch = r.DefaultBranch }),
            });
        }
    }

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options,
        Action<IServiceCollection>? overrideServices = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(options.StateDirectory))
            options.StateDirectory = Path.Combine(Path.GetTempPath(), "railwayops-emulator-" + Guid.NewGuid().ToString("N")[..12]);
        options.StateDirectory = Path.GetFullPath(options.StateDirectory);
        var store = OpenStore(options, out var restored);
        if (options.TemporaryState)
            TemporaryStateFolder.Mark(options.StateDirectory);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddEmulatorServices(options, store);
        builder.Services.AddEmulatorEngine(options);
        overrideServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseEmulatorPipeline();
        app.MapEmulatorEngine();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            store.Dispose();
            throw;
        }
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First()).Port;
        var host = new EmulatorHost(app, options, port, restored);
        AtomicFile.Write(Path.Combine(options.StateDirectory, "emulator.json"), System.Text.Encoding.UTF8.GetBytes(host.ReadyJson));
        return host;
    }

    /// <summary>Opens the state folder, applying the seed when it is empty; a folder that cannot be used or
    /// a seed that is not valid is an <see cref="EmulatorStartupException"/> saying which.</summary>
    private static EmulatorStore OpenStore(EmulatorOptions options, out bool restored)
    {
        var folder = options.StateDirectory;
        if (File.Exists(folder))
            throw new EmulatorStartupException(EmulatorStartupException.StateDirectoryUnusable,
                $"the state folder {folder} is a file: name a folder, or one that does not exist yet");
        EmulatorStore store;
        try
        {
            store = new EmulatorStore(folder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new EmulatorStartupException(EmulatorStartupException.StateDirectoryUnusable,
                $"the state folder {folder} cannot be used: {error.Message}", error);
        }
        var seeding = false;
        IReadOnlySet<string> seededCommits = new HashSet<string>();
        try
        {
            restored = store.Open(() =>
            {
                seeding = true;
                if (options.SeedFile is null)
                    return null;
                var seed = SeedDocument.Load(options.SeedFile);
                seededCommits = Git.SeedHistory.Materialise(seed, Path.GetDirectoryName(options.SeedFile), Path.Combine(folder, "git"));
                return seed;
            });
            MarkSeededLive(store, folder, seededCommits);
            return store;
        }
        catch (Exception error) when (seeding && error is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
        {
            store.Dispose();
            throw new EmulatorStartupException(EmulatorStartupException.InvalidSeed,
                $"the seed file {options.SeedFile} is not a valid seed: {error.Message}", error);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            store.Dispose();
            throw new EmulatorStartupException(seeding ? EmulatorStartupException.StartFailed : EmulatorStartupException.StateDirectoryUnusable,
                seeding ? $"the seed could not be applied: {error.Message}" : $"the state in {folder} cannot be read: {error.Message}", error);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The seed's live deployments whose commits exist are started by the engine as it starts,
    /// as it starts again the deployments that were live when it stopped.</summary>
    public static void MarkSeededLive(IEmulatorStore store, string stateDirectory, IReadOnlySet<string> seededCommits)
    {
        if (seededCommits.Count == 0)
            return;
        var markers = new EngineMarkers(new EngineOptions(stateDirectory));
        foreach (var instance in store.AllServiceInstances())
        {
            foreach (var deployment in store.GetDeployments(instance.EnvironmentId, instance.ServiceId))
            {
                if (deployment.Status == DeployStatus.SUCCESS && !deployment.DeploymentStopped
                    && deployment.Meta.CommitHash is { } sha && seededCommits.Contains(sha))
                    markers.MarkWentLive(deployment.Id);
            }
        }
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public void RequestStop() => _app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

    public async ValueTask DisposeAsync()
    {
        Services.GetRequiredService<OpenSockets>().Drop(-1);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
