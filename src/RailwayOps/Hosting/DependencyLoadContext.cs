using System.Reflection;
using System.Runtime.Loader;

namespace RailwayOps.Hosting;

/// <summary>
/// The module's private load context. RailwayOps.Core and everything it ships with in
/// <c>dependencies/</c> (Octokit, Polly.Core) load here, so a different Octokit or Polly.Core that
/// another module already put in the default context never meets ours. Anything not in the folder
/// (the framework, System.Management.Automation) falls through to the default context and is shared.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    public DependencyLoadContext(string dependencyDirectory)
        : base("RailwayOps", isCollectible: false)
    {
        DependencyDirectory = dependencyDirectory;
    }

    public string DependencyDirectory { get; }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = DependencyResolver.FindDependency(DependencyDirectory, assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }
}
