using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>The state side alone: journal replay, torn writes, pull-request environments.</summary>
public sealed class EmulatorStoreTests : IDisposable
{
    private readonly string _folder = TestEmulator.NewStateDirectory();

    public void Dispose() => TestEmulator.DeleteFolder(_folder);

    private EmulatorStore Open()
    {
        var store = new EmulatorStore(_folder);
        store.Open(() => SeedDocument.Load(TestEmulator.DemoSeedPath));
        return store;
    }

    private static (EnvironmentRecord Production, ServiceInstanceRecord Web) Demo(EmulatorStore store)
    {
        var project = store.GetProjects().Single(p => p.Name == "demo");
        var production = store.GetEnvironments(project.Id).Single(e => e.Name == "production");
        return (production, store.GetServiceInstances(production.Id).Single(i => i.ServiceName == "web"));
    }

    [Fact]
    public void ChangesSurviveReopeningAndTheSeedIsNotAppliedTwice()
    {
        string deploymentId;
        using (var store = Open())
        {
            var (production, web) = Demo(store);
            var deployment = store.CreateDeployment(production.Id, web.ServiceId,
                new DeploymentMetaInfo("abc", "msg", "me", "main", web.Repo), DeployStatus.QUEUED);
            deploymentId = deployment.Id;
            store.SetStatus(deploymentId, DeployStatus.BUILDING);
            store.AppendLog(deploymentId, LogKind.Build, new LogRecord(DateTimeOffset.UtcNow, "compiling", "info"));
            store.UpsertVariables(production.Id, web.ServiceId, new Dictionary<string, string> { ["NEW"] = "1" }, replace: false);
            store.SetProxyPort(production.Id, web.ServiceId, 45678);
        }
        using (var reopened = Open())
        {
            var (production, web) = Demo(reopened);
            Assert.Single(reopened.GetProjects());
            Assert.Equal(DeployStatus.BUILDING, reopened.GetDeployment(deploymentId)!.Status);
            Assert.Equal(deploymentId, reopened.GetDeployments(production.Id, web.ServiceId)[0].Id);
            Assert.Equal("compiling", Assert.Single(reopened.GetLogs(deploymentId, LogKind.Build)).Message);
            Assert.Equal("1", reopened.GetVariables(production.Id, web.ServiceId)["NEW"]);
            Assert.Equal(45678, web.ProxyPort);
        }
    }

    [Fact]
    public void ATornLastJournalLineIsIgnored()
    {
        string deploymentId;
        using (var store = Open())
        {
            var (production, web) = Demo(store);
            deploymentId = store.CreateDeployment(production.Id, web.ServiceId,
                new DeploymentMetaInfo("abc", null, null, "main", null), DeployStatus.QUEUED).Id;
        }
        File.AppendAllText(Path.Combine(_folder, "journal.jsonl"), "{\"deployment\":{\"sequ");
        using var reopened = Open();
        Assert.Equal(DeployStatus.QUEUED, reopened.GetDeployment(deploymentId)!.Status);
    }

    [Fact]
    public void PullRequestEnvironmentCopiesInstancesAndVariablesAndIsGoneAfterDelete()
    {
        string prEnvironmentId;
        using (var store = Open())
        {
            var (production, web) = Demo(store);
            var pr = store.CreatePullRequestEnvironment(production.ProjectId, production.Id, "demo-pr-7", 7, "Add thing",
                "railwayops/hello-railway", "feature/thing", "main");
            prEnvironmentId = pr.Id;
            Assert.True(pr.IsEphemeral);
            Assert.Contains(store.ServiceInstancesTrackingRepo("railwayops/hello-railway", "feature/thing"),
                i => i.EnvironmentId == pr.Id && i.ServiceId == web.ServiceId);
            Assert.Equal("hello", store.GetVariables(pr.Id, web.ServiceId)["GREETING"]);
        }
        using (var reopened = Open())
        {
            Assert.NotNull(reopened.GetEnvironment(prEnvironmentId));
            reopened.DeleteEnvironment(prEnvironmentId);
        }
        using var afterDelete = Open();
        Assert.Null(afterDelete.GetEnvironment(prEnvironmentId));
        Assert.Empty(afterDelete.GetServiceInstances(prEnvironmentId));
    }

    [Fact]
    public void EventsAreRaisedForStatusChangesAndLogLines()
    {
        using var store = Open();
        var (production, web) = Demo(store);
        var changes = new List<DeployStatus>();
        var lines = new List<string>();
        store.DeploymentChanged += d => changes.Add(d.Status);
        store.LogAppended += (_, _, line) => lines.Add(line.Message);
        var deployment = store.CreateDeployment(production.Id, web.ServiceId, new DeploymentMetaInfo(null, null, null, null, null), DeployStatus.QUEUED);
        store.SetStatus(deployment.Id, DeployStatus.SUCCESS);
        store.AppendLog(deployment.Id, LogKind.Deploy, new LogRecord(DateTimeOffset.UtcNow, "up", "info"));
        Assert.Equal([DeployStatus.QUEUED, DeployStatus.SUCCESS], changes);
        Assert.Equal(["up"], lines);
    }

    [Fact]
    public void StagingTracksItsOwnBranch()
    {
        using var store = Open();
        var tracking = store.ServiceInstancesTrackingRepo("railwayops/hello-railway", "main");
        Assert.Equal(["production"], tracking.Select(i => i.EnvironmentName).ToList());
    }
}
