using RailwayOps.Core.Text;

namespace RailwayOps.Commands;

/// <summary>
/// -Name matching as Get-Process does it: a literal name that matched nothing is reported as not found,
/// a wildcard that matched nothing is not. Matching is ordinal (<see cref="NamePattern"/>): variable
/// names case-sensitively, as Railway and every process environment keep them; project, environment
/// and service names ignoring letter case only. Wildcards apply only where the user wrote one.
/// </summary>
internal sealed class NameFilter
{
    private readonly NamePattern[] patterns;
    private readonly HashSet<string> matchedLiterals = new(StringComparer.Ordinal);

    /// <summary>Names that Railway compares ignoring case (projects, environments, services).</summary>
    public NameFilter(IEnumerable<string>? names)
        : this(names, NamePattern.IgnoringCase)
    {
    }

    private NameFilter(IEnumerable<string>? names, Func<string, NamePattern> create)
    {
        patterns = (names ?? Array.Empty<string>()).Select(create).ToArray();
    }

    /// <summary>Variable names: case-sensitive, so API_KEY never matches api_key.</summary>
    public static NameFilter ForVariables(IEnumerable<string>? names) => new(names, NamePattern.CaseSensitive);

    public bool IsEmpty => patterns.Length == 0;

    public bool IsMatch(string candidate)
    {
        if (patterns.Length == 0)
        {
            return true;
        }

        var matched = false;
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(candidate))
            {
                matched = true;
                if (!pattern.IsWildcard)
                {
                    matchedLiterals.Add(pattern.Text);
                }
            }
        }

        return matched;
    }

    /// <summary>Literal names no candidate matched.</summary>
    public IEnumerable<string> UnmatchedLiterals =>
        patterns.Where(pattern => !pattern.IsWildcard && !matchedLiterals.Contains(pattern.Text)).Select(pattern => pattern.Text);
}
