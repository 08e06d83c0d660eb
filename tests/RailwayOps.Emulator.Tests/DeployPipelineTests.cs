using Xunit;
using RailwayOps.Emulator.Contracts;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

public sealed class DeployPipelineTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private EngineTestHost _host = null!;
    private SampleClone _clone = null!;

    public async Task InitializeAsync()
    {
        _host = await EngineTestHost.StartAsync(new EngineTestStore("railwayops/hello-railway"), _state.Path);
        _host.Engine.SyncRepositories();
        _clone = SampleClone.Create(_host.BareRepositoryPath);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _clone.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task A_push_goes_through_every_status_to_success_and_the_new_version_is_served_at_the_stable_url()
    {
        _clone.Push();
        var first = await DeploymentOf(_host.Store, _clone.Head());
        var url = _host.ServiceUrl();
        Assert.Equal([DeployStatus.QUEUED, DeployStatus.BUILDING, DeployStatus.DEPLOYING, DeployStatus.SUCCESS],
            _host.Store.History(first.Id));
        Assert.Equal("0.1.0", await ServedVersionAsync(url));
        Assert.Equal("main", first.Meta.Branch);
        Assert.Equal("railwayops/hello-railway", first.Meta.Repo);
        Assert.Equal("Initial commit", first.Meta.CommitMessage);
        Assert.Equal("Test Author", first.Meta.CommitAuthor);
        Assert.Contains(_host.Store.Logs(first.Id, LogKind.Build), line => line.Contains("Using config from railway.toml"));
        Assert.Contains(_host.Store.Logs(first.Id, LogKind.Deploy), line => line.Contains("hello-railway 0.1.0 listening"));

        _clone.SetVersion("0.1.1");
        var second = _clone.Commit("Ship it - bump to v0.1.1");
        _clone.Push();
        var next = await DeploymentOf(_host.Store, second);

        Assert.Equal(DeployStatus.SUCCESS, next.Status);
        Assert.Equal(url, _host.ServiceUrl());
        Assert.Equal("0.1.1", await ServedVersionAsync(url));
        Assert.Equal(DeployStatus.REMOVED, _host.Store.GetDeployment(first.Id)!.Status);
    }

    [Fact]
    public async Task A_failing_health_check_is_probed_with_growing_pauses_not_several_times_a_second()
    {
        // An app that answers every probe 503 and logs each one, as a failing app logs its traceback.
        _clone.Write("probe_counter.py", """
            import http.server, os
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    print("probe received", flush=True)
                    self.send_response(503)
                    self.end_headers()
                def log_message(self, *args):
                    pass
            http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
            """.Replace("\r\n", "\n"));
        _clone.EditRailwayToml(toml => toml.Replace("startCommand = \"python3 -m app.main\"", "startCommand = \"python3 probe_counter.py\"")
            .Replace("healthcheckTimeout = 30", "healthcheckTimeout = 6"));
        _clone.Commit("An app whose health check always fails");
        _clone.Push();

        var failed = await DeploymentOf(_host.Store, _clone.Head());

        Assert.Equal(DeployStatus.FAILED, failed.Status);
        var log = _host.Store.Logs(failed.Id, LogKind.Deploy);
        var probes = log.Count(line => line == "probe received");
        var attempts = log.Count(line => line.StartsWith("Attempt #", StringComparison.Ordinal));
        // From a 100 ms first pause (this test host) doubling: about 7 attempts in 6 s, however soon the app
        // listens; a fixed 100 ms interval made about 60.
        Assert.InRange(attempts, 3, 10);
        Assert.InRange(probes, 1, attempts);
        Assert.Contains(log, line => line.StartsWith("Attempt #", StringComparison.Ordinal) && line.Contains("failed with status 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_process_gets_the_service_variables_and_the_railway_variables_with_references_rendered()
    {
        _host.Store.SetVariables(EngineTestStore.ProductionId, EngineTestStore.ServiceId,
            new Dictionary<string, string> { ["GREETING"] = "${{ WHO }} from the ${{web.KIND}}", ["WHO"] = "hi", ["KIND"] = "tests" });
        _clone.Push();
        var deployment = await DeploymentOf(_host.Store, _clone.Head());

        var root = (await TryGetJsonAsync(_host.ServiceUrl() + "/"))!.Value;
        Assert.Equal(DeployStatus.SUCCESS, deployment.Status);
        Assert.Equal("hi from the tests", root.GetProperty("message").GetString());
        Assert.Equal("production", root.GetProperty("environment").GetString());
        Assert.Equal(_clone.Head(), root.GetProperty("commit").GetString());
    }

    [Fact]
    public async Task A_broken_start_command_fails_with_the_error_in_the_deploy_logs_while_the_old_version_keeps_serving()
    {
        _clone.Push();
        var good = await DeploymentOf(_host.Store, _clone.Head());
        _clone.EditRailwayToml(toml => toml.Replace("python3 -m app.main", "python3 -m app.missing_module"));
        _clone.SetVersion("0.2.0");
        var broken = _clone.Commit("Break the start command");
        _clone.Push();

        var failed = await DeploymentOf(_host.Store, broken);

        Assert.Equal(DeployStatus.SUCCESS, good.Status);
        Assert.Equal(DeployStatus.FAILED, failed.Status);
        var deployLogs = _host.Store.LogRecords(failed.Id, LogKind.Deploy);
        Assert.Contains(deployLogs, line => line.Message.Contains("No module named app.missing_module") && line.Severity == "error");
        Assert.Contains(deployLogs, line => line.Message.Contains("Healthcheck failed"));
        Assert.Equal(DeployStatus.SUCCESS, _host.Store.GetDeployment(good.Id)!.Status);
        Assert.Equal("0.1.0", await ServedVersionAsync(_host.ServiceUrl()));
    }

    [Fact]
    public async Task A_failing_build_command_fails_in_building_with_its_output_in_the_build_logs()
    {
        _clone.EditRailwayToml(toml => toml.Replace("[build]", "[build]\nbuildCommand = \"echo compiling; echo broken >&2; exit 4\""));
        var sha = _clone.Commit("Add a failing build");
        _clone.Push();

        var failed = await DeploymentOf(_host.Store, sha);

        Assert.Equal([DeployStatus.QUEUED, DeployStatus.BUILDING, DeployStatus.FAILED], _host.Store.History(failed.Id));
        var buildLogs = _host.Store.LogRecords(failed.Id, LogKind.Build);
        Assert.Contains(buildLogs, line => line.Message == "compiling" && line.Severity == "info");
        Assert.Contains(buildLogs, line => line.Message == "broken" && line.Severity == "error");
        Assert.Contains(buildLogs, line => line.Message.Contains("exited with code 4"));
    }

    [Fact]
    public async Task A_commit_touching_no_watched_file_is_skipped_and_the_live_deployment_stays()
    {
        _clone.Push();
        var live = await DeploymentOf(_host.Store, _clone.Head());
        _clone.Write("docs/notes.md", "not part of the app\n");
        var docsOnly = _clone.Commit("Only docs");
        _clone.Push();

        var skipped = await DeploymentOf(_host.Store, docsOnly);

        Assert.Equal(DeployStatus.SKIPPED, skipped.Status);
        Assert.Equal(DeployStatus.SUCCESS, _host.Store.GetDeployment(live.Id)!.Status);
        Assert.Equal("0.1.0", await ServedVersionAsync(_host.ServiceUrl()));
    }

    [Fact]
    public async Task Watch_patterns_see_every_commit_of_a_push_not_only_the_last()
    {
        _clone.Push();
        await DeploymentOf(_host.Store, _clone.Head());
        _clone.SetVersion("0.1.5");
        _clone.Commit("App change");
        _clone.Write("docs/notes.md", "docs\n");
        var docsOnly = _clone.Commit("Docs on top");
        _clone.Push();

        var deployment = await DeploymentOf(_host.Store, docsOnly);

        Assert.Equal(DeployStatus.SUCCESS, deployment.Status);
        Assert.Equal("0.1.5", await ServedVersionAsync(_host.ServiceUrl()));
    }

    [Fact]
    public async Task Deploying_an_unknown_commit_is_refused_and_a_known_one_is_deployed()
    {
        _clone.Push();
        await DeploymentOf(_host.Store, _clone.Head());

        var error = Assert.Throws<EmulatorUserException>(() =>
            _host.Engine.Deploy(EngineTestStore.ProductionId, EngineTestStore.ServiceId, new string('a', 40)));
        var id = _host.Engine.Deploy(EngineTestStore.ProductionId, EngineTestStore.ServiceId, _clone.Head());

        Assert.Equal("Commit not found", error.Message);
        Assert.Equal(DeployStatus.SUCCESS, (await Terminal(_host.Store, id)).Status);
    }
}
