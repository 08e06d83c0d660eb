using RailwayOps.Core.Versioning;

namespace RailwayOps;

/// <summary>A version bump written to a file by Step-RailwayAppVersion.</summary>
public sealed class AppVersionChange
{
    public AppVersionChange(VersionBumpPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        File = plan.File;
        Kind = plan.Kind;
        OldVersion = plan.OldVersion.ToString();
        NewVersion = plan.NewVersion.ToString();
    }

    /// <summary>Full path of the file that declares the version.</summary>
    public string File { get; }

    public VersionSourceKind Kind { get; }

    public string OldVersion { get; }

    public string NewVersion { get; }

    public override string ToString() => $"{OldVersion} -> {NewVersion}";
}
