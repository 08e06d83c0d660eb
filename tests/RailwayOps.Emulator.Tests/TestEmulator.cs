using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RailwayOps.Emulator.Hosting;

namespace RailwayOps.Emulator.Tests;

/// <summary>An emulator hosted in-process on a loopback port over its own temporary state folder.</summary>
public sealed class TestEmulator : IAsyncDisposable
{
    public const string AccountToken = "emu-account-token";
    public const string ProjectToken = "emu-project-token";

    private readonly bool _ownsState;

    private TestEmulator(EmulatorHost host, bool ownsState)
    {
        Host = host;
        _ownsState = ownsState;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public EmulatorHost Host { get; }
    public HttpClient Http { get; }
    public string StateDirectory => Host.Options.StateDirectory;

    public static string DemoSeedPath => Path.Combine(AppContext.BaseDirectory, "seeds", "demo.json");

    public GraphQLTestClient Account => new(Http, Host.GraphqlUrl, bearer: AccountToken);
    public GraphQLTestClient Project => new(Http, Host.GraphqlUrl, projectToken: ProjectToken);
    public GraphQLTestClient Anonymous => new(Http, Host.GraphqlUrl);

    /// <summary>Starts on the demo seed, or on <paramref name="seedJson"/> when given. The demo seed's apps
    /// run only with <paramref name="runSeededApps"/>: the API tests need their deployments, not their processes.</summary>
    public static async Task<TestEmulator> StartAsync(string? seedJson = null, Action<IServiceCollection>? overrideServices = null,
        string? stateDirectory = null, bool runSeededApps = false)
    {
        var ownsState = stateDirectory is null;
        stateDirectory ??= NewStateDirectory();
        var seedPath = DemoSeedPath;
        if (seedJson is null && !runSeededApps)
            seedJson = File.ReadAllText(DemoSeedPath).Replace("\"source\": \"hello-railway\",", "", StringComparison.Ordinal);
        if (seedJson is not null)
        {
            seedPath = Path.Combine(Path.GetTempPath(), "railwayops-seed-" + Guid.NewGuid().ToString("N") + ".json");
            await File.WriteAllTextAsync(seedPath, seedJson);
        }
        try
        {
            var host = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = stateDirectory, SeedFile = seedPath },
                overrideServices);
            return new TestEmulator(host, ownsState);
        }
        finally
        {
            if (seedJson is not null)
                File.Delete(seedPath);
        }
    }

    public static string NewStateDirectory() =>
        Path.Combine(Path.GetTempPath(), "railwayops-emu-test-" + Guid.NewGuid().ToString("N")[..12]);

    public Uri Admin(string path) => new(Host.AdminUrl, path);

    public async Task<JsonElement> AdminGetAsync(string path)
    {
        using var response = await Http.GetAsync(Admin(path));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<HttpResponseMessage> AdminPostAsync(string path, object body) =>
        await Http.PostAsJsonAsync(Admin(path), body);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownsState)
            DeleteFolder(StateDirectory);
    }

    public static void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be releasing a file; the temp folder is cleaned up by the OS later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
