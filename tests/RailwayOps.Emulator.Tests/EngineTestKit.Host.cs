using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;

namespace RailwayOps.Emulator.Tests;

/// <summary>The engine's half of the emulator hosted in-process on a loopback port, over a test store.</summary>
public sealed class EngineTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EngineTestHost(WebApplication app, EngineTestStore store, string stateDirectory, Uri baseAddress)
    {
        _app = app;
        Store = store;
        StateDirectory = stateDirectory;
        BaseAddress = baseAddress;
    }

    public EngineTestStore Store { get; }
    public string StateDirectory { get; }
    public Uri BaseAddress { get; }
    public DeploymentEngine Engine => _app.Services.GetRequiredService<DeploymentEngine>();

    public string BareRepositoryPath => Engine.Git.Find(Store.Repo)!.Path;

    public string ServiceUrl(string environmentId = EngineTestStore.ProductionId) =>
        "http://" + Engine.ServiceDomain(environmentId, EngineTestStore.ServiceId);

    public static async Task<EngineTestHost> StartAsync(EngineTestStore store, string stateDirectory)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IEmulatorStore>(store);
        builder.Services.AddSingleton(new EngineOptions(stateDirectory)
        {
            RestartBackoff = TimeSpan.FromMilliseconds(50),
            HealthcheckInterval = TimeSpan.FromMilliseconds(100),
        });
        builder.Services.AddEmulatorEngineCore();
        var app = builder.Build();
        app.MapEmulatorEngine();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EngineTestHost(app, store, stateDirectory, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A temporary folder removed at the end of a test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "railwayops-engine-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that was just killed may still be releasing a file; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
