using System.Reflection;
using System.Runtime.Loader;

namespace RailwayOps.Hosting;

/// <summary>
/// Sends RailwayOps.Core, and through it Octokit and Polly.Core, into the module's private load context.
/// <para>
/// The hook must be in place before PowerShell analyses RailwayOps.dll: reading the cmdlet classes loads
/// the Core types their parameters and base class use (enums such as <c>RailwayTokenKind</c> are laid
/// out inside the cmdlet objects), and PowerShell runs <see cref="ModuleInitializer.OnImport"/> only
/// after that analysis. So the module's nested loader script (RailwayOps.Loader.psm1) calls <see cref="Register"/> first, and the
/// initializer calls it again (a no-op then) so that a re-import after Remove-Module is covered too.
/// </para>
/// </summary>
public static class DependencyIsolation
{
    private static readonly object Gate = new();
    private static readonly Lazy<DependencyLoadContext> PrivateContext = new(
        () => new DependencyLoadContext(DependencyResolver.GetDependencyDirectory(typeof(DependencyIsolation).Assembly.Location)));

    private static bool registered;

    /// <summary>The module's private load context (created on first use).</summary>
    public static AssemblyLoadContext LoadContext => PrivateContext.Value;

    /// <summary>Hooks the default context's Resolving event; calling it again changes nothing.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (!registered)
            {
                AssemblyLoadContext.Default.Resolving += ResolveEntryAssembly;
                registered = true;
            }
        }
    }

    /// <summary>Unhooks the Resolving event (Remove-Module). Core, once loaded, stays bound to the cmdlets.</summary>
    public static void Unregister()
    {
        lock (Gate)
        {
            if (registered)
            {
                AssemblyLoadContext.Default.Resolving -= ResolveEntryAssembly;
                registered = false;
            }
        }
    }

    private static Assembly? ResolveEntryAssembly(AssemblyLoadContext context, AssemblyName requested) =>
        DependencyResolver.IsEntryAssembly(requested) ? PrivateContext.Value.LoadFromAssemblyName(requested) : null;
}
