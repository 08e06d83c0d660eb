using System.Text;
using System.Text.RegularExpressions;

namespace RailwayOps.Emulator.Deploy;

/// <summary>Railway's watch paths: gitignore-style globs ("**" crosses folders, "!" excludes, a
/// pattern without a slash matches a name at any depth, a leading "/" anchors at the root).</summary>
public sealed class WatchPatterns
{
    private readonly List<(Regex Pattern, bool Negated)> _rules = [];

    public WatchPatterns(IEnumerable<string> patterns)
    {
        foreach (var raw in patterns)
        {
            var pattern = raw.Trim();
            if (pattern.Length == 0 || pattern.StartsWith('#'))
            {
                continue;
            }
            var negated = pattern.StartsWith('!');
            if (negated)
            {
                pattern = pattern[1..];
            }
            _rules.Add((ToRegex(pattern), negated));
        }
    }

    /// <summary>No patterns means every change deploys.</summary>
    public bool IsEmpty => _rules.Count == 0;

    public bool Matches(string path)
    {
        var matched = false;
        foreach (var (pattern, negated) in _rules)
        {
            if (pattern.IsMatch(path))
            {
                matched = !negated;
            }
        }
        return matched;
    }

    public bool MatchesAny(IEnumerable<string> paths) => IsEmpty || paths.Any(Matches);

    private static Regex ToRegex(string pattern)
    {
        var directoryOnly = pattern.EndsWith('/');
        pattern = pattern.TrimEnd('/');
        var anchored = pattern.StartsWith('/') || pattern.Contains('/');
        pattern = pattern.TrimStart('/');
        var regex = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var followedBySlash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else if (c == '[')
            {
                var end = pattern.IndexOf(']', i + 1);
                if (end < 0)
                {
                    regex.Append(@"\[");
                }
                else
                {
                    var set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                    i = end;
                }
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        // A pattern naming a folder also covers everything beneath it, as in .gitignore.
        regex.Append(directoryOnly ? "/.*$" : "(?:/.*)?$");
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }
}
