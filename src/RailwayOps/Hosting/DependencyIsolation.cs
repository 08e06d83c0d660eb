using System.Reflection;
using System.Runtime.Loader;

namespace RailwayOps.Hosting;

/// <summary>
/// Sends RailwayOps.Core, and through it Octokit and Polly.Core, into the module's private load context.
/// <para>
/// The hook must be in place before anything in RailwayOps.dll touches a Core type, and PowerShell runs
/// <see cref="ModuleInitializer.OnImport"/> only after it has listed the assembly's exported types.
/// Listing loads each type, and a type's layout needs the value types of its fields, so no exported
/// type may hold a field of a Core value type (an enum such as <c>RailwayTokenKind</c> behind a
/// parameter is stored boxed instead). A test guards this; without it, Core would load into the
/// default context before the hook, and Octokit and Polly.Core with it. The initializer registers
/// again after Remove-Module and Import-Module (a no-op while registered).
/// </para>
/// </summary>
internal static class DependencyIsolation
{
    private static readonly object Gate = new();
    private static readonly Lazy<DependencyLoadContext> PrivateContext = new(
        () => new DependencyLoadContext(DependencyDirectory));

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

    /// <summary>
    /// Hands Core to the private context, but only when dependencies/ ships it: otherwise the private
    /// context would fall back to the default one, which would ask this handler again, without end.
    /// </summary>
    private static Assembly? ResolveEntryAssembly(AssemblyLoadContext context, AssemblyName requested) =>
        DependencyResolver.IsEntryAssembly(requested) && DependencyResolver.FindDependency(DependencyDirectory, requested) is not null
            ? PrivateContext.Value.LoadFromAssemblyName(requested)
            : null;

    private static string DependencyDirectory => DependencyResolver.GetDependencyDirectory(typeof(DependencyIsolation).Assembly.Location);
}
