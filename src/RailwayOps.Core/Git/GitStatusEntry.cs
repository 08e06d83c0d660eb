namespace RailwayOps.Core.Git;

/// <summary>One line of <c>git status --porcelain</c>: a changed, staged or untracked path.</summary>
/// <param name="Path">Path relative to the repository root, with forward slashes.</param>
/// <param name="IndexStatus">Git's X column (staged change), ' ' when none.</param>
/// <param name="WorkTreeStatus">Git's Y column (unstaged change), ' ' when none.</param>
/// <param name="OriginalPath">For a rename or copy, the path it came from.</param>
public sealed record GitStatusEntry(string Path, char IndexStatus, char WorkTreeStatus, string? OriginalPath = null)
{
    public bool IsUntracked => IndexStatus == '?' && WorkTreeStatus == '?';

    /// <summary>A path with an unresolved merge conflict (DD, AU, UD, UA, DU, AA, UU).</summary>
    public bool IsUnmerged => IndexStatus == 'U' || WorkTreeStatus == 'U' || (IndexStatus, WorkTreeStatus) is ('A', 'A') or ('D', 'D');

    public override string ToString() => $"{IndexStatus}{WorkTreeStatus} {Path}";

    /// <summary>Parses <c>git status --porcelain=v1 -z</c> output.</summary>
    internal static IReadOnlyList<GitStatusEntry> ParsePorcelainZ(string output)
    {
        var fields = output.Split('\0');
        var entries = new List<GitStatusEntry>();
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.Length < 4)
            {
                continue;
            }
            var x = field[0];
            var y = field[1];
            var path = field[3..];
            string? original = null;
            // With -z a rename or copy is followed by its source path as a separate field.
            if (x is 'R' or 'C' || y is 'R' or 'C')
            {
                original = i + 1 < fields.Length ? fields[++i] : null;
            }
            entries.Add(new GitStatusEntry(path, x, y, original));
        }
        return entries;
    }
}

/// <summary>An operation git stopped in the middle of, waiting for the user.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum GitOperationInProgress
{
    Merge,
    Rebase,
    CherryPick,
    Revert,
    Bisect,
}
