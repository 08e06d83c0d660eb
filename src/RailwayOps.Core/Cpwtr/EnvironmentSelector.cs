namespace RailwayOps.Core.Cpwtr;

/// <summary>Why an environment was chosen for a branch.</summary>
public enum EnvironmentChoiceKind
{
    /// <summary>-Environment named it.</summary>
    Explicit,

    /// <summary>The remote's default branch deploys to production.</summary>
    Production,

    /// <summary>The branch has an open pull request; its PR environment.</summary>
    PullRequest,

    /// <summary>A persistent environment tracks the branch.</summary>
    TrackedBranch,

    /// <summary>None follows the branch.</summary>
    None,
}

/// <summary>
/// The environment chosen for a branch. For <see cref="EnvironmentChoiceKind.PullRequest"/> the
/// environment may still be null: Railway creates it shortly after the pull request opens.
/// </summary>
public sealed record EnvironmentChoice(EnvironmentChoiceKind Kind, RailwayEnvironment? Environment, int? PullRequestNumber, string Explanation);

/// <summary>
/// Decides which environment a branch deploys to, from data only (the default branch, the open pull
/// request, the environments' PR numbers and tracked branches), never from a name pattern.
/// </summary>
public static class EnvironmentSelector
{
    public const string ProductionName = "production";

    /// <summary>Whether the decision needs the branch's open pull request (a GitHub request).</summary>
    public static bool NeedsPullRequest(string branch, string defaultBranch, bool hasExplicitEnvironment) =>
        !hasExplicitEnvironment && !string.Equals(branch, defaultBranch, StringComparison.Ordinal);

    public static EnvironmentChoice Decide(
        string branch,
        string defaultBranch,
        RailwayEnvironment? explicitEnvironment,
        int? pullRequestNumber,
        IReadOnlyList<RailwayEnvironment> environments,
        RailwayEnvironment? linkedEnvironment)
    {
        ArgumentNullException.ThrowIfNull(environments);
        if (explicitEnvironment is not null)
        {
            return new(EnvironmentChoiceKind.Explicit, explicitEnvironment, explicitEnvironment.PullRequestNumber,
                CpwtrMessages.Format(CpwtrMessages.EnvironmentExplicit, explicitEnvironment.Name));
        }

        var persistent = environments.Where(e => !e.IsEphemeral).ToList();
        if (string.Equals(branch, defaultBranch, StringComparison.Ordinal))
        {
            var production = persistent.FirstOrDefault(e => string.Equals(e.Name, ProductionName, StringComparison.OrdinalIgnoreCase))
                ?? (linkedEnvironment is { IsEphemeral: false } ? linkedEnvironment : null)
                ?? (persistent.Count == 1 ? persistent[0] : null);
            return production is null
                ? new(EnvironmentChoiceKind.None, null, null, CpwtrMessages.Format(CpwtrMessages.EnvironmentNoProduction, branch))
                : new(EnvironmentChoiceKind.Production, production, null,
                    CpwtrMessages.Format(CpwtrMessages.EnvironmentProduction, branch, production.Name));
        }

        if (pullRequestNumber is { } number)
        {
            var pr = environments.FirstOrDefault(e => e.IsEphemeral && e.PullRequestNumber == number);
            return new(EnvironmentChoiceKind.PullRequest, pr, number, pr is null
                ? CpwtrMessages.Format(CpwtrMessages.EnvironmentPullRequestPending, branch, number)
                : CpwtrMessages.Format(CpwtrMessages.EnvironmentPullRequest, branch, number, pr.Name));
        }

        var tracking = persistent.FirstOrDefault(e => string.Equals(e.Branch, branch, StringComparison.Ordinal));
        return tracking is null
            ? new(EnvironmentChoiceKind.None, null, null, CpwtrMessages.Format(CpwtrMessages.EnvironmentNone, branch, defaultBranch))
            : new(EnvironmentChoiceKind.TrackedBranch, tracking, null, CpwtrMessages.Format(CpwtrMessages.EnvironmentTracked, branch, tracking.Name));
    }
}
