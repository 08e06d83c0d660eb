namespace RailwayOps;

/// <summary>An environment of a project; pull-request environments carry their PR's number, title and branches.</summary>
public sealed class RailwayEnvironment
{
    public required string EnvironmentId { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    public string? ProjectName { get; init; }

    /// <summary>True for pull-request and other ephemeral environments.</summary>
    public bool IsEphemeral { get; init; }

    /// <summary>True when Railway created the environment for a pull request (it has a PR number).</summary>
    public bool IsPullRequest => PullRequestNumber is not null;

    public int? PullRequestNumber { get; init; }

    public string? PullRequestTitle { get; init; }

    public string? PullRequestRepo { get; init; }

    public string? Branch { get; init; }

    public string? BaseBranch { get; init; }

    public string? SourceEnvironmentId { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public override string ToString() => Name;
}
