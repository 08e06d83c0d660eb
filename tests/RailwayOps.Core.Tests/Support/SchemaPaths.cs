namespace RailwayOps.Core.Tests.Support;

/// <summary>Where the schemas the tests validate against live, found from the repository root.</summary>
public static class SchemaPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Railway's published schema: reference data beside the repository, never copied into it.</summary>
    public static string RailwaySchema => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "railway", "schema.graphql"));

    public static string EmulatorSchema => Path.Combine(RepositoryRoot, "src", "RailwayOps.Emulator", "emulator.graphql");

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RailwayOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
