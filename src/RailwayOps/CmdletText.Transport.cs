namespace RailwayOps;

internal static partial class CmdletText
{
    // Transport: tokens and deadlines.
    public const string RecommendedInvalidToken = "Set the token again with nothing but the token in it (no line break or other text from the file or clipboard it came from); Get-RailwayContext shows which source supplied it.";
}
