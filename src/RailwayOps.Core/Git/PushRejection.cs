namespace RailwayOps.Core.Git;

/// <summary>Recognises a refused ref update in the output of <c>git push --porcelain</c>.</summary>
internal static class PushRejection
{
    /// <summary>
    /// Porcelain prints one line per ref: <c>!&lt;TAB&gt;src:dst&lt;TAB&gt;[rejected] (fetch first)</c> or
    /// <c>[remote rejected] (pre-receive hook declined)</c>; stderr carries the same for older servers.
    /// </summary>
    public static (PushRejectionKind Kind, string Reason)? Find(string standardOutput, string standardError)
    {
        var line = standardOutput.Split('\n').FirstOrDefault(l => l.StartsWith("!\t", StringComparison.Ordinal))
            ?? standardError.Split('\n').FirstOrDefault(l => l.Contains("[rejected]", StringComparison.Ordinal)
                || l.Contains("[remote rejected]", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }
        var reason = ReasonOf(line);
        var nonFastForward = reason.Contains("non-fast-forward", StringComparison.OrdinalIgnoreCase)
            || reason.Contains("fetch first", StringComparison.OrdinalIgnoreCase);
        return (nonFastForward ? PushRejectionKind.NonFastForward : PushRejectionKind.RemoteRejected, reason);
    }

    private static string ReasonOf(string line)
    {
        var open = line.LastIndexOf('(');
        var close = line.LastIndexOf(')');
        return open >= 0 && close > open ? line[(open + 1)..close] : line.Trim();
    }
}
