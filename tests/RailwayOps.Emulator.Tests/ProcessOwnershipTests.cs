using RailwayOps.Emulator.Contracts;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>The engine owns every process it starts: whatever path started it, a shutdown ends it, and
/// what it runs sees Railway's variables and a minimal environment, never the emulator's own.</summary>
public sealed class ProcessOwnershipTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private EngineTestHost _host = null!;
    private SampleClone _clone = null!;
    private bool _disposed;

    private EngineTestStore Store => _host.Store;

    public async Task InitializeAsync()
    {
        _host = await EngineTestHost.StartAsync(new EngineTestStore("railwayops/hello-railway"), _state.Path);
        _host.Engine.SyncRepositories();
        _clone = SampleClone.Create(_host.BareRepositoryPath);
    }

    public async Task DisposeAsync()
    {
        if (!_disposed)
        {
            await _host.DisposeAsync();
        }
        // Whatever the test saw, nothing it started may outlive it.
        foreach (var id in ProcessScan.WorkingIn(_state.Path))
        {
            Signal(id);
        }
        _clone.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task A_live_deployment_held_for_approval_and_approved_leaves_no_process_after_the_shutdown()
    {
        _clone.Push();
        var live = await DeploymentOf(Store, _clone.Head());
        Assert.Equal(DeployStatus.SUCCESS, live.Status);
        var firstApp = ProcessScan.WorkingIn(_state.Path);
        Assert.NotEmpty(firstApp);

        // What the admin endpoint (and Approve-RailwayDeployment's tests) do: the live one is held, then approved.
        Store.SetStatus(live.Id, DeployStatus.NEEDS_APPROVAL);
        _host.Engine.Approve(live.Id);
        await Until(() => Store.History(live.Id).Count(s => s == DeployStatus.SUCCESS) == 2 ? "" : null, "the approved deployment to go live");

        var afterApproval = ProcessScan.WorkingIn(_state.Path);
        await ShutdownAsync();

        Assert.Empty(await ProcessScan.StillRunningAfterAsync(firstApp, TimeSpan.FromSeconds(5)));
        Assert.Empty(await ProcessScan.StillRunningAfterAsync(afterApproval, TimeSpan.FromSeconds(5)));
        Assert.Empty(ProcessScan.WorkingIn(_state.Path));
    }

    [Fact]
    public async Task A_shutdown_ends_what_an_app_started_in_a_session_of_its_own()
    {
        // A start command that leaves a process behind in a new session (setsid), the way a daemonising
        // server escapes its process group; then serves as usual.
        _clone.EditRailwayToml(toml => toml.Replace("startCommand = \"python3 -m app.main\"",
            "startCommand = \"setsid sleep 600 & exec python3 -m app.main\""));
        _clone.Commit("An app that leaves a process in a session of its own");
        _clone.Push();
        var live = await DeploymentOf(Store, _clone.Head());
        Assert.Equal(DeployStatus.SUCCESS, live.Status);
        var started = ProcessScan.WorkingIn(_state.Path);
        Assert.True(started.Count >= 2, $"the app and its escaped sleep run ({started.Count})");

        await ShutdownAsync();

        Assert.Empty(await ProcessScan.StillRunningAfterAsync(started, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Builds_and_apps_get_railways_variables_and_a_minimal_environment_not_the_emulators()
    {
        // A variable of the emulator's own process, as a token exported in the user's shell would be.
        var name = "RAILWAYOPS_CANARY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var value = "canary-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            _clone.EditRailwayToml(toml => toml.Replace("[build]", "[build]\nbuildCommand = \"env | sort\""));
            _clone.Commit("A build that prints its environment");
            _clone.Push();
            var live = await DeploymentOf(Store, _clone.Head());
            Assert.Equal(DeployStatus.SUCCESS, live.Status);
            var buildLog = Store.Logs(live.Id, LogKind.Build);
            var app = ProcessScan.WorkingIn(_state.Path).Select(ProcessScan.Environment).First(e => e.Any(v => v.StartsWith("PORT=", StringComparison.Ordinal)));

            Assert.DoesNotContain(buildLog, line => line.Contains(value, StringComparison.Ordinal));
            Assert.DoesNotContain(app, entry => entry.Contains(value, StringComparison.Ordinal));
            Assert.Contains(buildLog, line => line == "RAILWAY_DEPLOYMENT_ID=" + live.Id);
            Assert.Contains(app, entry => entry == "RAILWAY_DEPLOYMENT_ID=" + live.Id);
            Assert.Contains(buildLog, line => line.StartsWith("PATH=", StringComparison.Ordinal));
            // Nothing of the emulator's environment but the short list a container would have anyway (and what
            // the shell itself sets).
            var allowed = Deploy.ProcessEnvironment.PassedThrough.Concat(["PWD", "SHLVL", "_", "OLDPWD", "PYTHONUNBUFFERED", "PORT",
                Deploy.OrphanReaper.MarkerVariable]).ToHashSet();
            var unexpected = app.Select(entry => entry.Split('=', 2)[0])
                .Where(variable => !variable.StartsWith("RAILWAY_", StringComparison.Ordinal) && !variable.StartsWith("LC_", StringComparison.Ordinal)
                    && !allowed.Contains(variable)).ToList();
            Assert.True(unexpected.Count == 0, "unexpected variables in the app's environment: " + string.Join(", ", unexpected));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private async Task ShutdownAsync()
    {
        _disposed = true;
        await _host.DisposeAsync();
    }

    private static void Signal(int id)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(id).Kill();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // Gone.
        }
    }
}
