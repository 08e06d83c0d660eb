using System.Reflection;

namespace RailwayOps.Hosting;

/// <summary>
/// The resolution rules of the module's isolation, kept apart from the load context so they can be
/// tested without loading anything.
/// </summary>
internal static class DependencyResolver
{
    /// <summary>The folder beside RailwayOps.dll that holds the isolated assemblies.</summary>
    public const string DependencyFolderName = "dependencies";

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

    /// <summary>The dependency folder of a module whose cmdlet assembly is at <paramref name="moduleAssemblyPath"/>.</summary>
    public static string GetDependencyDirectory(string moduleAssemblyPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(moduleAssemblyPath))!, DependencyFolderName);
}
