using System.Text.RegularExpressions;

namespace RailwayOps.Core.GitHub;

/// <summary>A commit status as the matcher needs it (the latest one of its context).</summary>
public sealed record CommitStatusInput(string Context, CommitStatusState State, string? Description, string? TargetUrl, DateTimeOffset UpdatedAt);

/// <summary>A GitHub Deployment with its latest status, as the matcher needs it.</summary>
public sealed record DeploymentInput(
    long Id,
    string Environment,
    string? ServiceId,
    GitHubDeploymentState? State,
    string? Description,
    string? EnvironmentUrl,
    string? StatusUrl,
    DateTimeOffset UpdatedAt);

/// <summary>
/// Joins commit statuses with GitHub Deployments into one row per service and environment.
/// </summary>
/// <remarks>
/// Railway names a status context "railway/&lt;service&gt; (&lt;environment&gt;)" and a GitHub Deployment's
/// environment "&lt;project&gt; / &lt;environment&gt;", with the service only as an id in the payload. So a
/// deployment joins the status of the same environment whose target URL is the deployment's URL
/// (each service instance has its own domain), or, failing that, the only status of that environment.
/// </remarks>
public static partial class CommitStatusMatcher
{
    public static IReadOnlyList<RailwayCommitStatus> Match(
        string repository,
        string commitSha,
        IReadOnlyList<CommitStatusInput> statuses,
        IReadOnlyList<DeploymentInput> deployments)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(deployments);
        var parsed = statuses.Select(status => (Status: status, Parts: ParseContext(status.Context))).ToList();
        var joined = new Dictionary<CommitStatusInput, DeploymentInput>();
        var latest = deployments
            .GroupBy(d => (d.Environment, d.ServiceId))
            .Select(group => group.MaxBy(d => d.Id)!)
            .OrderBy(d => d.Id)
            .ToList();

        foreach (var deployment in latest)
        {
            var environment = EnvironmentOf(deployment.Environment);
            var candidates = parsed
                .Where(p => !joined.ContainsKey(p.Status) && SameText(p.Parts.Environment, environment))
                .Select(p => p.Status)
                .ToList();
            var byUrl = candidates.Where(s => s.TargetUrl is not null
                && (SameHost(s.TargetUrl, deployment.EnvironmentUrl) || SameHost(s.TargetUrl, deployment.StatusUrl))).ToList();
            var sameEnvironmentDeployments = latest.Count(d => SameText(EnvironmentOf(d.Environment), environment));
            var match = byUrl.Count == 1 ? byUrl[0]
                : candidates.Count == 1 && sameEnvironmentDeployments == 1 ? candidates[0]
                : null;
            if (match is not null)
            {
                joined[match] = deployment;
            }
        }

        var rows = new List<RailwayCommitStatus>();
        foreach (var (status, parts) in parsed)
        {
            joined.TryGetValue(status, out var deployment);
            rows.Add(Row(repository, commitSha, status, parts, deployment));
        }

        foreach (var deployment in latest.Where(d => !joined.ContainsValue(d)))
        {
            rows.Add(Row(repository, commitSha, null, (deployment.ServiceId, EnvironmentOf(deployment.Environment)), deployment));
        }

        return rows
            .OrderBy(row => row.Environment, StringComparer.OrdinalIgnoreCase)
            .ThenBy(row => row.Service, StringComparer.OrdinalIgnoreCase)
            .ThenBy(row => row.Context, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Service and environment from "railway/web (production)"; both null for any other shape.</summary>
    public static (string? Service, string? Environment) ParseContext(string context)
    {
        var match = ContextPattern().Match(context ?? string.Empty);
        return match.Success ? (match.Groups["service"].Value.Trim(), match.Groups["environment"].Value.Trim()) : (null, null);
    }

    /// <summary>"production" from "demo / production"; the label itself when it has no " / ".</summary>
    public static string EnvironmentOf(string label)
    {
        var separator = label.LastIndexOf(" / ", StringComparison.Ordinal);
        return separator < 0 ? label.Trim() : label[(separator + 3)..].Trim();
    }

    private static RailwayCommitStatus Row(
        string repository,
        string commitSha,
        CommitStatusInput? status,
        (string? Service, string? Environment) parts,
        DeploymentInput? deployment) => new()
    {
        Repository = repository,
        CommitSha = commitSha,
        Context = status?.Context,
        Service = parts.Service ?? deployment?.ServiceId,
        Environment = parts.Environment ?? (deployment is null ? null : EnvironmentOf(deployment.Environment)),
        State = status?.State,
        Description = status?.Description ?? deployment?.Description,
        TargetUrl = ToUri(status?.TargetUrl),
        DeploymentId = deployment?.Id,
        GitHubEnvironment = deployment?.Environment,
        DeploymentState = deployment?.State,
        EnvironmentUrl = ToUri(deployment?.EnvironmentUrl),
        UpdatedAt = Latest(status?.UpdatedAt, deployment?.UpdatedAt),
    };

    private static DateTimeOffset? Latest(DateTimeOffset? left, DateTimeOffset? right) =>
        left is null ? right : right is null ? left : left > right ? left : right;

    private static Uri? ToUri(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;

    private static bool SameText(string? left, string? right) =>
        left is not null && right is not null && string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    // The service's domain identifies it; paths differ (a status may link a log, a deployment the app).
    private static bool SameHost(string? left, string? right) =>
        ToUri(left) is { } a && ToUri(right) is { } b
        && string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Authority, b.Authority, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[^/]*railway[^/]*/(?<service>[^()]+?)\s*\((?<environment>[^()]+)\)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContextPattern();
}
