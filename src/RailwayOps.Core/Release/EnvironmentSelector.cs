namespace RailwayOps.Core.Release;

/// <summary>Why an environment was chosen for a branch.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum EnvironmentChoiceKind
{
    /// <summary>-Environment named it.</summary>
    Explicit,

    /// <summary>The default branch, in a project whose deploy triggers Railway does not show: production is assumed.</summary>
    Production,

    /// <summary>The branch has an open pull request; its PR environment.</summary>
    PullRequest,

    /// <summary>The service's deploy trigger in that environment names the branch.</summary>
    TrackedBranch,

    /// <summary>None follows the branch.</summary>
    None,
}

/// <summary>A service instance the pushed commit deploys to.</summary>
public sealed record ReleaseTarget(RailwayEnvironment Environment, RailwayService Service)
{
    public override string ToString() => $"{Service.Name} in {Environment.Name}";
}

/// <summary>
/// The environment chosen for a branch, and the other service instances the same push deploys. For
/// <see cref="EnvironmentChoiceKind.PullRequest"/> the environment may still be null: Railway creates it
/// shortly after the pull request opens.
/// </summary>
public sealed record EnvironmentChoice(EnvironmentChoiceKind Kind, RailwayEnvironment? Environment, int? PullRequestNumber, string Explanation)
{
    /// <summary>Other service instances whose deploy triggers track the branch (other services, other environments).</summary>
    public IReadOnlyList<ReleaseTarget> Others { get; init; } = Array.Empty<ReleaseTarget>();
}

/// <summary>
/// Decides where a push of a branch deploys, as Railway decides it: from the deploy triggers of each service
/// instance (<c>environment.deploymentTriggers</c>, a branch of a repository per service), and for a branch
/// with an open pull request, that PR's environment. Never from a name pattern; only a project whose
/// triggers Railway does not show falls back to "the default branch deploys to production".
/// </summary>
public static class EnvironmentSelector
{
    public const string ProductionName = "production";

    /// <summary>
    /// The repository to match triggers against: the origin's, when some trigger of the project names it;
    /// otherwise none (a mirror or a fork is matched by branch alone).
    /// </summary>
    public static string? RepositoryFilter(string? originRepository, IReadOnlyList<RailwayEnvironmentTriggers> environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        return originRepository is not null
            && environments.SelectMany(e => e.Triggers).Any(t => string.Equals(t.Repository, originRepository, StringComparison.OrdinalIgnoreCase))
            ? originRepository
            : null;
    }

    /// <summary>The environments where the service's deploy trigger names the branch (persistent ones first).</summary>
    public static IReadOnlyList<RailwayEnvironment> Tracking(string branch, string serviceId, string? repository, IReadOnlyList<RailwayEnvironmentTriggers> environments) =>
        environments
            .Where(e => e.Triggers.Any(t => t.ServiceId == serviceId && Tracks(t, branch, repository)))
            .Select(e => e.Environment)
            .OrderBy(e => e.IsEphemeral)
            .ToList();

    /// <summary>Whether the decision needs the branch's open pull request (a GitHub request): nothing else says where it goes.</summary>
    public static bool NeedsPullRequest(string branch, string defaultBranch, bool hasExplicitEnvironment, bool isTracked) =>
        !hasExplicitEnvironment && !isTracked && !string.Equals(branch, defaultBranch, StringComparison.Ordinal);

    public static EnvironmentChoice Decide(
        string branch,
        string defaultBranch,
        RailwayEnvironment? explicitEnvironment,
        int? pullRequestNumber,
        IReadOnlyList<RailwayEnvironmentTriggers> environments,
        RailwayEnvironment? linkedEnvironment,
        RailwayService service,
        string? repository,
        IReadOnlyList<RailwayService> services)
    {
        ArgumentNullException.ThrowIfNull(environments);
        ArgumentNullException.ThrowIfNull(service);
        var choice = Primary(branch, defaultBranch, explicitEnvironment, pullRequestNumber, environments, linkedEnvironment, service, repository);
        if (choice.Environment is not { } primary)
        {
            return choice;
        }
        var others = environments
            .Where(e => explicitEnvironment is null || e.Environment.EnvironmentId == primary.EnvironmentId)
            .SelectMany(e => e.Triggers
                .Where(t => t.ServiceId is not null && Tracks(t, branch, repository))
                .Select(t => (e.Environment, ServiceId: t.ServiceId!)))
            .Where(pair => !(pair.Environment.EnvironmentId == primary.EnvironmentId && pair.ServiceId == service.ServiceId))
            .Select(pair => services.FirstOrDefault(s => s.ServiceId == pair.ServiceId) is { } other ? new ReleaseTarget(pair.Environment, other) : null)
            .OfType<ReleaseTarget>()
            .DistinctBy(t => (t.Environment.EnvironmentId, t.Service.ServiceId))
            .ToList();
        if (others.Count == 0)
        {
            return choice;
        }
        return choice with
        {
            Others = others,
            Explanation = choice.Explanation + " " + ReleaseMessages.Format(ReleaseMessages.EnvironmentAlsoDeploys, string.Join(", ", others)),
        };
    }

    private static EnvironmentChoice Primary(
        string branch,
        string defaultBranch,
        RailwayEnvironment? explicitEnvironment,
        int? pullRequestNumber,
        IReadOnlyList<RailwayEnvironmentTriggers> environments,
        RailwayEnvironment? linkedEnvironment,
        RailwayService service,
        string? repository)
    {
        if (explicitEnvironment is not null)
        {
            return new(EnvironmentChoiceKind.Explicit, explicitEnvironment, explicitEnvironment.PullRequestNumber,
                ReleaseMessages.Format(ReleaseMessages.EnvironmentExplicit, explicitEnvironment.Name));
        }

        var isDefault = string.Equals(branch, defaultBranch, StringComparison.Ordinal);
        var tracking = Tracking(branch, service.ServiceId, repository, environments);
        if (tracking.Count > 0)
        {
            var chosen = (isDefault ? tracking.FirstOrDefault(e => !e.IsEphemeral && IsProductionName(e)) : null) ?? tracking[0];
            return chosen.IsPullRequest
                ? new(EnvironmentChoiceKind.PullRequest, chosen, chosen.PullRequestNumber,
                    ReleaseMessages.Format(ReleaseMessages.EnvironmentPullRequest, branch, chosen.PullRequestNumber, chosen.Name))
                : new(EnvironmentChoiceKind.TrackedBranch, chosen, null,
                    ReleaseMessages.Format(ReleaseMessages.EnvironmentTracked, branch, chosen.Name, service.Name));
        }

        if (pullRequestNumber is { } number)
        {
            var pr = environments.Select(e => e.Environment).FirstOrDefault(e => e.IsEphemeral && e.PullRequestNumber == number);
            return new(EnvironmentChoiceKind.PullRequest, pr, number, pr is null
                ? ReleaseMessages.Format(ReleaseMessages.EnvironmentPullRequestPending, branch, number)
                : ReleaseMessages.Format(ReleaseMessages.EnvironmentPullRequest, branch, number, pr.Name));
        }

        var serviceHasTriggers = environments.Any(e => e.Triggers.Any(t => t.ServiceId == service.ServiceId));
        if (isDefault && !serviceHasTriggers)
        {
            var persistent = environments.Select(e => e.Environment).Where(e => !e.IsEphemeral).ToList();
            var production = persistent.FirstOrDefault(IsProductionName)
                ?? (linkedEnvironment is { IsEphemeral: false } ? linkedEnvironment : null)
                ?? (persistent.Count == 1 ? persistent[0] : null);
            return production is null
                ? new(EnvironmentChoiceKind.None, null, null, ReleaseMessages.Format(ReleaseMessages.EnvironmentNoProduction, branch))
                : new(EnvironmentChoiceKind.Production, production, null,
                    ReleaseMessages.Format(ReleaseMessages.EnvironmentProductionAssumed, branch, production.Name));
        }

        return new(EnvironmentChoiceKind.None, null, null, ReleaseMessages.Format(ReleaseMessages.EnvironmentNone, branch, defaultBranch, service.Name));
    }

    private static bool Tracks(RailwayDeploymentTrigger trigger, string branch, string? repository) =>
        string.Equals(trigger.Branch, branch, StringComparison.Ordinal)
        && (repository is null || string.Equals(trigger.Repository, repository, StringComparison.OrdinalIgnoreCase));

    private static bool IsProductionName(RailwayEnvironment environment) =>
        string.Equals(environment.Name, ProductionName, StringComparison.OrdinalIgnoreCase);
}
