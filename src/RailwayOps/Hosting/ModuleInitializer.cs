using System.Management.Automation;
using System.Runtime.CompilerServices;
using RailwayOps.Core.Auth;

namespace RailwayOps.Hosting;

/// <summary>
/// PowerShell's import and removal hooks of the module. <see cref="OnImport"/> runs after PowerShell
/// has listed the assembly's types and before any cmdlet runs: it hooks the private load context
/// (see <see cref="DependencyIsolation"/>), then gives Core's public types their type accelerators.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        // This body must not mention a Core type: compiling it would load Core before the hook is in place.
        DependencyIsolation.Register();
        RegisterAccelerators();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterAccelerators() => TypeAcceleratorRegistry.Register(typeof(RailwayTokenKind).Assembly);

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        TypeAcceleratorRegistry.Unregister();
        DependencyIsolation.Unregister();
    }
}
