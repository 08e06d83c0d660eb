using System.Net.Http.Headers;
using System.Text.Json;
using RailwayOps.Emulator.Deploy;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>The real emulator process, killed with SIGKILL and started again on the same state folder.</summary>
public sealed class DeployDurabilityTests : IDisposable
{
    private const string GitHubToken = "durability-github-token";
    private readonly TempFolder _work = new("railwayops-durability-");

    private int _orphan;

    private string StateDirectory => Path.Combine(_work.Path, "state");
    private string SeedFile => Path.Combine(_work.Path, "seed.json");

    public void Dispose()
    {
        // Whatever happened, no app process of this test may outlive it.
        if (_orphan > 0)
        {
            ManagedProcess.KillGroup(_orphan);
        }
        var pids = Path.Combine(StateDirectory, "engine", "pids");
        if (Directory.Exists(pids))
        {
            foreach (var file in Directory.GetFiles(pids))
            {
                // Each file is named after a process the engine started.
                if (int.TryParse(Path.GetFileName(file), out var pid))
                {
                    ManagedProcess.KillGroup(pid);
                }
            }
        }
        _work.Dispose();
    }

    [Fact]
    public async Task After_kill_9_the_orphaned_app_is_killed_and_a_restart_serves_the_live_deployment_again_at_the_same_url()
    {
        File.WriteAllText(SeedFile, Seed);
        var (clone, serviceUrl, orphan) = await DeployOnceAndKillAsync();
        using (clone)
        {
            await Until(() => IsRunning(orphan) ? null : "", "the watchdog to kill the orphaned app process");
            await using var second = await EngineEmulatorProcess.StartAsync(StateDirectory, SeedFile);
            var version = await UntilAsync(async () => (await TryGetJsonAsync(serviceUrl + "/api/health"))?.GetProperty("version").GetString(),
                "the live deployment to serve again");
            var combined = await GitHubGetAsync(second, $"repos/railwayops/hello-railway/commits/{clone.Head()}/status");

            Assert.Equal("0.1.0", version);
            Assert.Equal("success", combined.GetProperty("state").GetString());
            Assert.Equal(serviceUrl, combined.GetProperty("statuses")[0].GetProperty("target_url").GetString());
        }
    }

    private async Task<(SampleClone Clone, string ServiceUrl, int OrphanPid)> DeployOnceAndKillAsync()
    {
        await using var first = await EngineEmulatorProcess.StartAsync(StateDirectory, SeedFile);
        using var http = new HttpClient();
        var repos = JsonDocument.Parse(await http.GetStringAsync(new Uri(first.BaseAddress, "_emulator/repos"))).RootElement;
        var clone = SampleClone.Create(repos[0].GetProperty("path").GetString()!);
        clone.Push();
        var sha = clone.Head();
        var serviceUrl = await UntilAsync(async () =>
        {
            var combined = await GitHubGetAsync(first, $"repos/railwayops/hello-railway/commits/{sha}/status");
            return combined.GetProperty("state").GetString() == "success"
                ? combined.GetProperty("statuses")[0].GetProperty("target_url").GetString()
                : null;
        }, "the first deployment to succeed");
        Assert.Equal("0.1.0", await ServedVersionAsync(serviceUrl));
        var orphan = _orphan = int.Parse(Path.GetFileName(Directory.GetFiles(Path.Combine(StateDirectory, "engine", "pids")).Single()));
        await first.KillHardAsync();
        return (clone, serviceUrl, orphan);
    }

    /// <summary>A killed process may linger as a zombie when nothing reaps orphans (PID 1 in a container).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<JsonElement> GitHubGetAsync(EngineEmulatorProcess emulator, string path)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", GitHubToken);
        using var response = await http.GetAsync(new Uri(emulator.GitHubApiUrl, path));
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private const string Seed = """
        {
          "tokens": [ { "kind": "account", "value": "durability-account-token", "name": "Durability" } ],
          "githubTokens": [ "durability-github-token" ],
          "projects": [ {
            "name": "demo",
            "environments": [ { "name": "production" } ],
            "services": [ {
              "name": "web",
              "repo": "railwayops/hello-railway",
              "branch": "main",
              "settings": { "startCommand": "python3 -m app.main", "healthcheckPath": "/api/health",
                            "healthcheckTimeout": 10, "restartPolicyType": "ON_FAILURE",
                            "restartPolicyMaxRetries": 3, "buildCommand": null, "watchPatterns": [] }
            } ]
          } ]
        }
        """;
}
