namespace RailwayOps.Emulator.Admin;

public static class AdminPaths
{
    public const string Prefix = "/_emulator";

    /// <summary>Admin requests are neither journalled, delayed nor faulted.</summary>
    public static bool IsAdmin(HttpContext context) => context.Request.Path.StartsWithSegments(Prefix);
}
