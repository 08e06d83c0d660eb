using System.Reflection;
using System.Runtime.InteropServices;

namespace RailwayOps.Hosting;

/// <summary>
/// The resolution rules of the module's isolation, kept apart from the load context so they can be
/// tested without loading anything.
/// </summary>
internal static class DependencyResolver
{
    /// <summary>The folder beside RailwayOps.dll that holds the isolated assemblies.</summary>
    public const string DependencyFolderName = "dependencies";

    /// <summary>
    /// The folder inside <see cref="DependencyFolderName"/> that holds, per platform (<c>linux-x64</c>,
    /// <c>win-x64</c>, ...), ahead-of-time compiled (ReadyToRun) copies of some of its assemblies
    /// (build/ReadyToRun). A copy compiled for another platform would not load, so only the current
    /// platform's folder is read; the IL beside it serves everywhere else.
    /// </summary>
    public const string PrecompiledFolderName = "readytorun";

    /// <summary>The one assembly the cmdlet assembly references directly; the way into the private context.</summary>
    public const string EntryAssemblyName = "RailwayOps.Core";

    /// <summary>
    /// True only for the assembly the default context must hand to the private one. Everything else the
    /// default context fails to find is somebody else's business, so the handler stays out of it.
    /// </summary>
    public static bool IsEntryAssembly(AssemblyName requested) =>
        string.Equals(requested.Name, EntryAssemblyName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The file of <paramref name="requested"/> in <paramref name="dependencyDirectory"/>, or null when
    /// the module does not ship it (then the default context supplies it: the framework, PowerShell).
    /// Satellite resource assemblies live in a subfolder named after their culture.
    /// </summary>
    public static string? FindDependency(string dependencyDirectory, AssemblyName requested)
    {
        var name = requested.Name;
        if (string.IsNullOrEmpty(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
        {
            return null;
        }

        var culture = requested.CultureName;
        var fileName = name + ".dll";
        var candidate = string.IsNullOrEmpty(culture) || string.Equals(culture, "neutral", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(dependencyDirectory, fileName)
            : Path.Combine(dependencyDirectory, culture, fileName);
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>
    /// The ReadyToRun copy of <paramref name="requested"/> compiled for <paramref name="platform"/>, or null when
    /// the build made none (then the IL file in dependencies/ is loaded). Asked only for an assembly that
    /// dependencies/ ships, so the copies never add an assembly of their own.
    /// </summary>
    public static string? FindPrecompiled(string dependencyDirectory, AssemblyName requested, string? platform)
    {
        var culture = requested.CultureName;
        if (platform is null || !(string.IsNullOrEmpty(culture) || string.Equals(culture, "neutral", StringComparison.OrdinalIgnoreCase)))
        {
            // An unknown platform, or a satellite assembly (resources have no code to compile).
            return null;
        }

        var name = requested.Name;
        if (string.IsNullOrEmpty(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
        {
            return null;
        }

        var candidate = Path.Combine(dependencyDirectory, PrecompiledFolderName, platform, name + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>This process's platform as the build names its folder (<c>os-arch</c>), or null for one it never builds.</summary>
    public static string? CurrentPlatform { get; } = GetPlatform();

    private static string? GetPlatform()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux" : null;
        var architecture = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => null,
        };
        return os is null || architecture is null ? null : os + "-" + architecture;
    }

    /// <summary>The dependency folder of a module whose cmdlet assembly is at <paramref name="moduleAssemblyPath"/>.</summary>
    public static string GetDependencyDirectory(string moduleAssemblyPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(moduleAssemblyPath))!, DependencyFolderName);
}
