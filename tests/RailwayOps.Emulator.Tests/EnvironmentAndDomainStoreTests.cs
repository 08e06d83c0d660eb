using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.State;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>Forks, renames and domains on the state side: what they copy, what they refuse, and that all of it
/// survives reopening the state folder (the journal replays domains and renames too).</summary>
public sealed class EnvironmentAndDomainStoreTests : IDisposable
{
    private readonly string _folder = TestEmulator.NewStateDirectory();

    public void Dispose() => TestEmulator.DeleteFolder(_folder);

    private EmulatorStore Open()
    {
        var store = new EmulatorStore(_folder);
        store.Open(() => SeedDocument.Load(TestEmulator.DemoSeedPath));
        return store;
    }

    private static (ProjectEntity Project, EnvironmentRecord Staging) Demo(EmulatorStore store)
    {
        var project = store.GetProjects().Single(p => p.Name == "demo");
        return (project, store.GetEnvironments(project.Id).Single(e => e.Name == "staging"));
    }

    [Fact]
    public void AForkCopiesInstancesSettingsTriggersAndVariablesAndSurvivesReopening()
    {
        string forkId;
        string domain;
        using (var store = Open())
        {
            var (project, staging) = Demo(store);
            var web = store.GetServiceInstances(staging.Id).Single(i => i.ServiceName == "web");
            store.UpsertVariables(staging.Id, web.ServiceId, new Dictionary<string, string> { ["FORKED"] = "yes" }, replace: false);

            var fork = store.CreateEnvironment(project.Id, "pr-5", staging.Id, ephemeral: true);
            forkId = fork.Id;
            var forkWeb = store.GetServiceInstances(fork.Id).Single(i => i.ServiceName == "web");
            Assert.Equal(web.Settings, forkWeb.Settings);
            Assert.Equal(web.Branch, forkWeb.Branch);
            Assert.Equal("yes", store.GetVariables(fork.Id, web.ServiceId)["FORKED"]);
            Assert.Null(forkWeb.ProxyPort);
            store.RenameEnvironment(fork.Id, "pr-6");
            domain = store.CreateServiceDomain(fork.Id, web.ServiceId, null).Domain;
            Assert.Matches("^web-pr-6-[0-9a-f]{5}\\.up\\.railway\\.app$", domain);
        }
        using (var reopened = Open())
        {
            var fork = reopened.GetEnvironment(forkId)!;
            Assert.Equal("pr-6", fork.Name);
            Assert.True(fork.IsEphemeral);
            var found = reopened.FindDomainByHost(domain.ToUpperInvariant());
            Assert.NotNull(found);
            Assert.Equal(forkId, found!.EnvironmentId);
            reopened.DeleteEnvironment(forkId);
            Assert.Null(reopened.FindDomainByHost(domain));
        }
        using (var again = Open())
        {
            Assert.Null(again.GetEnvironment(forkId));
            Assert.Null(again.FindDomainByHost(domain));
        }
    }

    [Theory]
    [InlineData("production", "already exists")]
    [InlineData("STAGING", "already exists")]
    [InlineData("has space", "Invalid environment name")]
    [InlineData("-dash", "Invalid environment name")]
    public void ANameTheRuleOrTheProjectRefusesCreatesNothing(string name, string message)
    {
        using var store = Open();
        var (project, staging) = Demo(store);
        var before = store.GetEnvironments(project.Id).Count;

        var error = Assert.Throws<EmulatorUserException>(() => store.CreateEnvironment(project.Id, name, staging.Id, ephemeral: false));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, store.GetEnvironments(project.Id).Count);
    }

    [Fact]
    public void ACustomDomainAnyServiceHasIsRefusedAndAServiceDomainCannotBeACustomOne()
    {
        using var store = Open();
        var (_, staging) = Demo(store);
        var instances = store.GetServiceInstances(staging.Id);
        store.CreateCustomDomain(staging.Id, instances[0].ServiceId, "api.example.com", null);

        Assert.Contains("already in use", Assert.Throws<EmulatorUserException>(() =>
            store.CreateCustomDomain(staging.Id, instances[1].ServiceId, "API.example.com.", null)).Message, StringComparison.Ordinal);
        Assert.Contains("Invalid domain", Assert.Throws<EmulatorUserException>(() =>
            store.CreateCustomDomain(staging.Id, instances[1].ServiceId, "x.up.railway.app", null)).Message, StringComparison.Ordinal);
        Assert.Single(store.GetDomains(staging.Id, instances[0].ServiceId));
        Assert.Empty(store.GetDomains(staging.Id, instances[1].ServiceId));
    }

    [Fact]
    public void AProjectMadeThroughTheApiHasOneEnvironmentAndSurvivesReopening()
    {
        string projectId;
        using (var store = Open())
            projectId = store.CreateProject(null, "made by projectCreate", "production").Id;
        using var reopened = Open();
        var project = reopened.GetProject(projectId)!;
        Assert.StartsWith("project-", project.Name, StringComparison.Ordinal);
        Assert.Equal("production", Assert.Single(reopened.GetEnvironments(projectId)).Name);
    }
}
