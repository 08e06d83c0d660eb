using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Emulator;

/// <summary>
/// Finds the dotnet host to run the emulator with. The current process is not necessarily dotnet:
/// pwsh may run from its own apphost, so DOTNET_HOST_PATH, PATH and the standard folders are tried.
/// </summary>
public static class DotnetHostLocator
{
    public static string? Find(ISystemEnvironment environment, string? currentProcessPath, Func<string, bool> fileExists)
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (environment.GetVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && fileExists(hostPath))
        {
            return hostPath;
        }

        if (currentProcessPath is not null
            && string.Equals(Path.GetFileName(currentProcessPath), executable, StringComparison.OrdinalIgnoreCase)
            && fileExists(currentProcessPath))
        {
            return currentProcessPath;
        }

        foreach (var folder in (environment.GetVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder.Trim('"'), executable);
            if (fileExists(candidate))
            {
                return candidate;
            }
        }

        var defaults = OperatingSystem.IsWindows()
            ? new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "dotnet", executable) }
            : new[] { "/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet", "/opt/homebrew/share/dotnet/dotnet" };
        return defaults.FirstOrDefault(fileExists);
    }
}
