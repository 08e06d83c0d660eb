using RailwayOps.Core.Health;
using RailwayOps.Core.Tests.Versioning;
using Xunit;

namespace RailwayOps.Core.Tests.Health;

public sealed class HealthPathResolverTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => this.folder.Dispose();

    private string RepositoryWithToml(string toml)
    {
        Directory.CreateDirectory(this.folder.Combine(".git"));
        File.WriteAllText(this.folder.Combine("railway.toml"), toml);
        return this.folder.Path;
    }

    [Fact]
    public void Railway_s_own_healthcheckPath_comes_before_the_repository_s_file()
    {
        var root = RepositoryWithToml("[deploy]\nhealthcheckPath = \"/from/toml\"\n");

        var choice = HealthPathResolver.FromSettings(" /healthz ", root, "production");

        Assert.Equal(new HealthPathChoice("/healthz", HealthPathSource.ServiceSettings), choice);
        Assert.Contains("in Railway", choice.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_Railway_setting_the_file_decides_and_is_named()
    {
        var root = RepositoryWithToml("[deploy]\nhealthcheckPath = \"/from/toml\"\n");

        var choice = HealthPathResolver.FromSettings(null, root, "production");

        Assert.Equal(("/from/toml", HealthPathSource.ConfigFile), (choice.Path, choice.Source));
        Assert.EndsWith("railway.toml", choice.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_either_it_is_the_default_and_says_so()
    {
        Directory.CreateDirectory(this.folder.Combine(".git"));

        var choice = HealthPathResolver.FromSettings("  ", this.folder.Path, null);

        Assert.Equal((ServiceHealthTarget.DefaultPath, HealthPathSource.Default), (choice.Path, choice.Source));
        Assert.Contains("default", choice.ToString(), StringComparison.Ordinal);
    }
}
