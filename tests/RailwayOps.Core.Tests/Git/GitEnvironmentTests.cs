using RailwayOps.Core.Git;
using Xunit;

namespace RailwayOps.Core.Tests.Git;

/// <summary>Tests that change the process environment, which every parallel test would see.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
}

[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class GitEnvironmentTests : IDisposable
{
    private readonly GitSandbox sandbox = new();

    public void Dispose() => this.sandbox.Dispose();

    [Fact]
    public async Task InheritedRepositoryRedirects_AreIgnored()
    {
        var root = await this.sandbox.CreateRepositoryAsync("repo");
        var other = await this.sandbox.CreateRepositoryAsync("other");
        await this.sandbox.CommitFileAsync(other, "other.txt", "o\n", "other repository");
        var repository = await GitRepository.OpenAsync(root, CancellationToken.None);
        var previous = Environment.GetEnvironmentVariable("GIT_DIR");
        // As inside a hook of "other": git would otherwise read other/.git for every command.
        Environment.SetEnvironmentVariable("GIT_DIR", Path.Combine(other, ".git"));
        try
        {
            Assert.Equal("initial", await repository.GetLastCommitMessageAsync(CancellationToken.None));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_DIR", previous);
        }
    }
}
