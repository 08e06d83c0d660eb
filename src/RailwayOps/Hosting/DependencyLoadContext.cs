using System.Reflection;
using System.Runtime.Loader;

namespace RailwayOps.Hosting;

/// <summary>
/// The module's private load context. RailwayOps.Core and everything it ships with in
/// <c>dependencies/</c> (Octokit, Polly.Core) load here, so a different Octokit or Polly.Core that
/// another module already put in the default context never meets ours. Anything not in the folder
/// (the framework, System.Management.Automation) falls through to the default context and is shared.
/// An assembly the build also compiled ahead of time for this platform loads from that copy
/// (<see cref="DependencyResolver.FindPrecompiled"/>).
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    public DependencyLoadContext(string dependencyDirectory)
        : base("RailwayOps", isCollectible: false)
    {
        DependencyDirectory = dependencyDirectory;
    }

    public string DependencyDirectory { get; }

    /// <summary>
    /// Loads what dependencies/ ships, from this platform's ReadyToRun copy when the build made one (its code
    /// needs no JIT compiling in a new process: ~500 fewer methods before the first request is answered) and
    /// from the IL file otherwise.
    /// </summary>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = DependencyResolver.FindDependency(DependencyDirectory, assemblyName);
        if (path is null)
        {
            return null;
        }

        if (DependencyResolver.FindPrecompiled(DependencyDirectory, assemblyName, DependencyResolver.CurrentPlatform) is { } precompiled)
        {
            try
            {
                return LoadFromAssemblyPath(precompiled);
            }
            catch (BadImageFormatException)
            {
                // Compiled for another machine after all (a copied module): the IL serves on every platform.
            }
        }

        return LoadFromAssemblyPath(path);
    }
}
