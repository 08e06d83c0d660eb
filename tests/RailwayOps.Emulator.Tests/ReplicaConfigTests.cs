using RailwayOps.Emulator.Contracts;
using RailwayOps.Emulator.Deploy;
using Xunit;

namespace RailwayOps.Emulator.Tests;

/// <summary>How many replicas a deployment runs: the file's numReplicas (or its regions' sum) over the service setting.</summary>
public sealed class ReplicaConfigTests
{
    private static readonly ServiceSettingsRecord ThreeReplicas = new(null, "serve", null, null, "ON_FAILURE", 10, [], NumReplicas: 3);

    [Fact]
    public void The_service_setting_applies_when_the_file_names_no_replicas()
    {
        var settings = RailwayConfig.Resolve(RailwayConfig.FromToml("[deploy]\nstartCommand = \"serve\"\n"), ThreeReplicas, "production", false);

        Assert.Equal(3, settings.NumReplicas);
        Assert.False(settings.ReplicasFromConfig);
    }

    [Fact]
    public void The_file_wins_and_regions_add_up()
    {
        var config = RailwayConfig.FromToml("""
            [deploy.multiRegionConfig]
            us-west2 = { numReplicas = 2 }
            europe-west4 = { numReplicas = 1 }
            [environments.staging.deploy]
            numReplicas = 1
            """);

        var production = RailwayConfig.Resolve(config, ThreeReplicas, "production", false);
        var staging = RailwayConfig.Resolve(config, ThreeReplicas, "staging", false);

        Assert.Equal(3, production.NumReplicas);
        Assert.True(production.ReplicasFromConfig);
        Assert.Equal(1, staging.NumReplicas);
    }

    [Fact]
    public void Replicas_are_clamped_to_what_the_emulator_runs()
    {
        var none = RailwayConfig.Resolve(null, ThreeReplicas with { NumReplicas = null }, "production", false);
        var many = RailwayConfig.Resolve(RailwayConfig.FromToml("[deploy]\nnumReplicas = 50\n"), ThreeReplicas, "production", false);

        Assert.Equal(1, none.NumReplicas);
        Assert.Equal(EffectiveSettings.MaxReplicas, many.NumReplicas);
    }
}
