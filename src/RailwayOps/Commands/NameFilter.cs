using System.Management.Automation;

namespace RailwayOps.Commands;

/// <summary>
/// -Name matching as Get-Process does it: wildcards, case-insensitive; a literal name that matched
/// nothing is reported as not found, a wildcard that matched nothing is not.
/// </summary>
internal sealed class NameFilter
{
    private readonly (string Name, WildcardPattern Pattern, bool IsLiteral)[] patterns;
    private readonly HashSet<string> matchedLiterals = new(StringComparer.OrdinalIgnoreCase);

    public NameFilter(IEnumerable<string>? names)
    {
        patterns = (names ?? Array.Empty<string>())
            .Select(name => (name, WildcardPattern.Get(name, WildcardOptions.IgnoreCase), !WildcardPattern.ContainsWildcardCharacters(name)))
            .ToArray();
    }

    public bool IsEmpty => patterns.Length == 0;

    public bool IsMatch(string candidate)
    {
        if (patterns.Length == 0)
        {
            return true;
        }

        var matched = false;
        foreach (var (name, pattern, isLiteral) in patterns)
        {
            if (pattern.IsMatch(candidate))
            {
                matched = true;
                if (isLiteral)
                {
                    matchedLiterals.Add(name);
                }
            }
        }

        return matched;
    }

    /// <summary>Literal names no candidate matched.</summary>
    public IEnumerable<string> UnmatchedLiterals =>
        patterns.Where(entry => entry.IsLiteral && !matchedLiterals.Contains(entry.Name)).Select(entry => entry.Name);
}
