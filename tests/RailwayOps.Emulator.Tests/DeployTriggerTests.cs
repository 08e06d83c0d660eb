using System.Text.Json;
using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;
using Xunit;
using static RailwayOps.Emulator.Tests.EngineTestWait;

namespace RailwayOps.Emulator.Tests;

/// <summary>
/// Deploy triggers as Railway's schema has them (environment.deploymentTriggers): they decide which
/// service instances a push deploys; and a deployment cut off by a restart is marked as interrupted.
/// </summary>
public sealed class DeployTriggerTests : IDisposable
{
    private const string TriggersQuery = """
        query Triggers($id: String!) {
          environment(id: $id) {
            deploymentTriggers(first: 10) { edges { node { id branch repository serviceId environmentId projectId provider checkSuites } } }
          }
        }
        """;

    private readonly string _folder = TestEmulator.NewStateDirectory();

    public void Dispose() => TestEmulator.DeleteFolder(_folder);

    private static List<JsonElement> Nodes(JsonElement data) =>
        data.GetProperty("environment").GetProperty("deploymentTriggers").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node")).ToList();

    [Fact]
    public async Task Each_environment_lists_one_trigger_per_connected_service_on_the_branch_it_tracks()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var ids = await DemoIds.ReadAsync(emulator.Account);

        var production = Nodes(await emulator.Account.DataAsync(TriggersQuery, new { id = ids.ProductionId }));
        var staging = Nodes(await emulator.Account.DataAsync(TriggersQuery, new { id = ids.StagingId }));

        var web = Assert.Single(production);
        Assert.Equal("main", web.GetProperty("branch").GetString());
        Assert.Equal("railwayops/hello-railway", web.GetProperty("repository").GetString());
        Assert.Equal(ids.WebId, web.GetProperty("serviceId").GetString());
        Assert.Equal(ids.ProductionId, web.GetProperty("environmentId").GetString());
        Assert.Equal(ids.ProjectId, web.GetProperty("projectId").GetString());
        Assert.Equal("github", web.GetProperty("provider").GetString());
        // The worker has no repository, so nothing deploys it on a push.
        Assert.Equal("staging", Assert.Single(staging).GetProperty("branch").GetString());
    }

    [Fact]
    public async Task A_project_token_sees_only_its_own_environment_s_triggers()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var ids = await DemoIds.ReadAsync(emulator.Account);

        var own = await emulator.Project.SendAsync(TriggersQuery, new { id = ids.ProductionId });
        var other = await emulator.Project.SendAsync(TriggersQuery, new { id = ids.StagingId });

        Assert.Null(own.FirstError);
        Assert.Single(Nodes(own.Data));
        Assert.Equal("Not Authorized", other.FirstError);
    }

    [Fact]
    public void A_push_deploys_exactly_the_instances_whose_trigger_tracks_its_repository_and_branch()
    {
        var seed = """
            {
              "projects": [ {
                "name": "p",
                "environments": [ { "name": "production" }, { "name": "staging", "branch": "develop" }, { "name": "qa" } ],
                "services": [
                  { "name": "api", "repo": "acme/shop", "branch": "main", "triggers": { "qa": null } },
                  { "name": "jobs", "repo": "acme/shop", "branch": "main", "triggers": { "qa": "develop" } },
                  { "name": "docs", "repo": "acme/docs", "branch": "main" }
                ]
              } ]
            }
            """;
        using var store = new EmulatorStore(_folder);
        store.Open(() => SeedDocument.Parse(seed));

        string Names(string repo, string branch) => string.Join(",", store.ServiceInstancesTrackingRepo(repo, branch)
            .Select(i => $"{i.ServiceName}@{i.EnvironmentName}").Order(StringComparer.Ordinal));

        Assert.Equal("api@production,jobs@production", Names("acme/shop", "main"));
        Assert.Equal("api@staging,jobs@qa,jobs@staging", Names("acme/shop", "develop"));
        Assert.Equal("docs@production,docs@qa", Names("acme/docs", "main"));
        Assert.Equal("", Names("acme/shop", "feature/x"));
        var qa = store.GetEnvironments(store.GetProjects().Single().Id).Single(e => e.Name == "qa");
        Assert.DoesNotContain(store.GetTriggers(qa.Id), t => store.GetService(t.ServiceId)!.Name == "api");
    }

    [Fact]
    public void A_seed_that_names_an_unknown_environment_in_triggers_is_refused()
    {
        var seed = """{ "projects": [ { "name": "p", "environments": [ { "name": "production" } ], "services": [ { "name": "api", "repo": "acme/shop", "triggers": { "prod": "main" } } ] } ] }""";
        using var store = new EmulatorStore(_folder);

        var error = Assert.Throws<InvalidDataException>(() => store.Open(() => SeedDocument.Parse(seed)));

        Assert.Contains("prod", error.Message);
    }

    [Fact]
    public void A_pull_request_environment_gets_triggers_on_the_head_branch_and_loses_them_with_the_environment()
    {
        string prId;
        using (var store = new EmulatorStore(_folder))
        {
            store.Open(() => SeedDocument.Load(TestEmulator.DemoSeedPath));
            var project = store.GetProjects().Single();
            var production = store.GetEnvironments(project.Id).Single(e => e.Name == "production");
            prId = store.CreatePullRequestEnvironment(project.Id, production.Id, "demo-pr-7", 7, "t", "railwayops/hello-railway",
                "feature/x", "main").Id;

            var trigger = Assert.Single(store.GetTriggers(prId));
            Assert.Equal("feature/x", trigger.Branch);
            Assert.Equal("web", Assert.Single(store.ServiceInstancesTrackingRepo("railwayops/hello-railway", "feature/x")).ServiceName);
        }
        using (var reopened = new EmulatorStore(_folder))
        {
            reopened.Open(() => null);
            Assert.Equal("feature/x", Assert.Single(reopened.GetTriggers(prId)).Branch);
            reopened.DeleteEnvironment(prId);
            Assert.Empty(reopened.GetTriggers(prId));
            Assert.Empty(reopened.ServiceInstancesTrackingRepo("railwayops/hello-railway", "feature/x"));
        }
    }

    [Fact]
    public void State_written_before_triggers_existed_gets_each_instance_s_branch_as_its_trigger()
    {
        using (var store = new EmulatorStore(_folder))
        {
            store.Open(() => SeedDocument.Load(TestEmulator.DemoSeedPath));
        }
        // Rewrite the snapshot as format 1 wrote it: no triggers, the branch on the instance.
        var path = Path.Combine(_folder, "state.json");
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var staging = document["environments"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "staging")!["id"]!.GetValue<string>();
        document["formatVersion"] = 1;
        document.Remove("triggers");
        foreach (var instance in document["instances"]!.AsArray())
        {
            if (instance!["environmentId"]!.GetValue<string>() == staging)
                instance["branch"] = "staging";
        }
        File.WriteAllText(path, document.ToJsonString());

        using var reopened = new EmulatorStore(_folder);
        reopened.Open(() => null);

        Assert.Equal("staging", Assert.Single(reopened.GetTriggers(staging)).Branch);
        Assert.Equal(["production", "staging"], reopened.ServiceInstancesTrackingRepo("railwayops/hello-railway", "main")
            .Concat(reopened.ServiceInstancesTrackingRepo("railwayops/hello-railway", "staging"))
            .Select(i => i.EnvironmentName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_deployment_cut_off_by_a_restart_is_removed_with_a_log_line_saying_so_and_the_live_one_keeps_serving()
    {
        var store = new EngineTestStore("railwayops/hello-railway");
        using var state = new TempFolder();
        SampleClone clone;
        DeploymentRecord live;
        string slow;
        await using (var first = await EngineTestHost.StartAsync(store, state.Path))
        {
            first.Engine.SyncRepositories();
            clone = SampleClone.Create(first.BareRepositoryPath);
            clone.Push();
            live = await DeploymentOf(store, clone.Head());
            clone.EditRailwayToml(toml => toml.Replace("[build]", "[build]\nbuildCommand = \"sleep 60\""));
            slow = clone.Commit("A slow build");
            clone.Push();
            await Until(() => store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId)
                .FirstOrDefault(d => d.Meta.CommitHash == slow && d.Status == DeployStatus.BUILDING), "the slow build to start");
        }
        using (clone)
        {
            await using var second = await EngineTestHost.StartAsync(store, state.Path);
            await second.Engine.ResumeAsync(CancellationToken.None);
            var interrupted = store.GetDeployments(EngineTestStore.ProductionId, EngineTestStore.ServiceId).Single(d => d.Meta.CommitHash == slow);

            Assert.Equal(DeployStatus.REMOVED, interrupted.Status);
            Assert.True(interrupted.DeploymentStopped);
            Assert.Contains(store.Logs(interrupted.Id, LogKind.Deploy), line => line.StartsWith(Deploy.DeploymentEngine.InterruptedLogPrefix, StringComparison.Ordinal));
            Assert.DoesNotContain(DeployStatus.FAILED, store.History(interrupted.Id));
            Assert.Equal(DeployStatus.SUCCESS, store.GetDeployment(live.Id)!.Status);
            Assert.Equal("0.1.0", await UntilAsync(async () => (await TryGetJsonAsync(second.ServiceUrl() + "/api/health"))?.GetProperty("version").GetString(),
                "the live deployment to serve again"));
        }
    }
}
