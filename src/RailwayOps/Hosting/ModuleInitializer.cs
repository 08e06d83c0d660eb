using System.Management.Automation;
using RailwayOps.Core.Auth;

namespace RailwayOps.Hosting;

/// <summary>
/// PowerShell's import and removal hooks of the module. By the time <see cref="OnImport"/> runs,
/// PowerShell has analysed the cmdlets, so Core is already loaded in the private context: its public
/// types get their type accelerators.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        DependencyIsolation.Register();
        TypeAcceleratorRegistry.Register(typeof(RailwayTokenKind).Assembly);
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        TypeAcceleratorRegistry.Unregister();
        DependencyIsolation.Unregister();
    }
}
