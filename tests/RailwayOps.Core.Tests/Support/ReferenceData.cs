using Xunit;

namespace RailwayOps.Core.Tests.Support;

/// <summary>
/// Railway's published schema and the other reference data live in ../shared beside the repository, never in it.
/// A user's clone has no ../shared: there a test that needs it reports skipped, with the reason. A CI run
/// (CI, GITHUB_ACTIONS or TF_BUILD set, as GitHub Actions, Azure Pipelines and most runners do) must have it, so
/// there the same test fails instead of skipping, and a missing checkout of the reference data cannot pass unseen.
/// </summary>
public static class ReferenceData
{
    private static readonly string[] CiVariables = { "CI", "GITHUB_ACTIONS", "TF_BUILD" };

    /// <summary>The variable that marks this run as CI, or null in a user's own run.</summary>
    public static string? CiVariable =>
        CiVariables.FirstOrDefault(name => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && value != "0");

    /// <summary>Skips (a user's clone) or fails (CI) when <paramref name="path"/> does not exist.</summary>
    public static void Require(string path, string what)
    {
        if (File.Exists(path))
        {
            return;
        }

        var reason = $"{what} is not available at {path} (../shared is absent)";
        if (CiVariable is { } variable)
        {
            Assert.Fail($"{reason}; this is a CI run ({variable} is set), where the reference data must be present.");
        }

        Skip.If(true, $"{reason}; skipped outside CI (none of CI, GITHUB_ACTIONS, TF_BUILD is set).");
    }
}
