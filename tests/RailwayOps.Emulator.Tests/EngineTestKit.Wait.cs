using System.Text.Json;
using RailwayOps.Emulator.Contracts;

namespace RailwayOps.Emulator.Tests;

public static class EngineTestWait
{
    /// <summary>A safety bound so a broken engine fails the test instead of hanging it; never asserted on.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<T> Until<T>(Func<T?> probe, string what) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + Limit;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}");
            }
            await Task.Delay(100);
        }
    }

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + Limit;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}");
            }
            await Task.Delay(100);
        }
    }

    public static bool IsTerminal(DeployStatus status) =>
        status is DeployStatus.SUCCESS or DeployStatus.FAILED or DeployStatus.CRASHED or DeployStatus.REMOVED
            or DeployStatus.SKIPPED;

    /// <summary>The deployment of a commit in an environment, once it reached a terminal status.</summary>
    public static Task<DeploymentRecord> DeploymentOf(EngineTestStore store, string commitSha,
        string environmentId = EngineTestStore.ProductionId, int index = 0) =>
        Until(() => store.GetDeployments(environmentId, EngineTestStore.ServiceId)
            .Where(d => d.Meta.CommitHash == commitSha).OrderBy(d => d.CreatedAt).Skip(index)
            .FirstOrDefault(d => IsTerminal(d.Status)), $"a finished deployment of {commitSha[..7]}");

    public static Task<DeploymentRecord> Terminal(EngineTestStore store, string deploymentId) =>
        Until(() => store.GetDeployment(deploymentId) is { } d && IsTerminal(d.Status) ? d : null,
            $"deployment {deploymentId} to finish");

    public static async Task<JsonElement?> TryGetJsonAsync(string url)
    {
        try
        {
            using var response = await Http.GetAsync(url);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.Clone();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static async Task<(int Status, string Body)> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<string> ServedVersionAsync(string serviceUrl)
    {
        var health = await TryGetJsonAsync(serviceUrl + "/api/health")
            ?? throw new InvalidOperationException($"{serviceUrl}/api/health did not answer 200");
        return health.GetProperty("version").GetString()!;
    }
}
