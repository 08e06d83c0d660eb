namespace RailwayOps;

internal static partial class CmdletText
{
    public const string AppVersionAction = "Change the version from {0} to {1} ({2})";
    public const string ReleaseStageAction = "{0}: {1} [{2}]";
    public const string ReleaseConfirmCaption = "Invoke-Cpwtr";
}
