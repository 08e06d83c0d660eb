namespace RailwayOps.Emulator.Tests;

/// <summary>Finds the repository (the folder holding RailwayOps.sln) and the shared reference data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "RailwayOps.sln")))
                    return folder.FullName;
            throw new InvalidOperationException("RailwayOps.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string RailwaySchema => Path.GetFullPath(Path.Combine(Root, "..", "shared", "railway", "schema.graphql"));

    public static string EmulatorSdl => Path.Combine(AppContext.BaseDirectory, "emulator.graphql");
}
