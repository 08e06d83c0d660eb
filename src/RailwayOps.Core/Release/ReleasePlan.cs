using RailwayOps.Core.Git;
using RailwayOps.Core.Health;
using RailwayOps.Core.Railway;
using RailwayOps.Core.Versioning;

namespace RailwayOps.Core.Release;

/// <summary>
/// What a run will do, found without changing anything: the repository state, the resume decision,
/// the version, the Railway target and the environment. -WhatIf shows it; the runner carries it out.
/// It holds the repository's lock from planning until it is disposed.
/// </summary>
public sealed class ReleasePlan : IDisposable
{
    public required ReleaseRequest Request { get; init; }

    public required GitRepository Repository { get; init; }

    public required RepositoryLock Lock { get; init; }

    public required string Branch { get; init; }

    public required string DefaultBranch { get; init; }

    public required string HeadSha { get; init; }
    /// <summary>False when the repository has no remote of that name: Push is skipped (an upload ships the release).</summary>
    public bool HasRemote { get; init; } = true;
    /// <summary>How this run ships: <see cref="ReleaseSource.Repository"/> or <see cref="ReleaseSource.Upload"/> (never Auto).</summary>
    public ReleaseSource Source { get; init; } = ReleaseSource.Repository;

    public required RepositoryFacts Facts { get; init; }

    public required ResumeDecision Decision { get; init; }

    /// <summary>Null with -NoBump when the repository declares no version.</summary>
    public VersionSource? VersionSource { get; init; }

    /// <summary>Set when <see cref="ResumeDecision.Version"/> is <see cref="VersionStep.Bump"/>.</summary>
    public VersionBumpPlan? Bump { get; init; }

    /// <summary>Why the version cannot be found or bumped; the Version stage then fails with it.</summary>
    public VersionException? VersionError { get; init; }

    /// <summary>The version that must go live; null with -NoBump when none is declared.</summary>
    public SemanticVersion? TargetVersion { get; init; }

    public SemanticVersion? PreviousVersion { get; init; }

    public required string CommitMessage { get; init; }

    public required IReadOnlyList<SecretFileMatch> Secrets { get; init; }

    public required ResolvedTarget Target { get; init; }

    public required RailwayService Service { get; init; }

    public required EnvironmentChoice Environment { get; init; }

    /// <summary>The health path and its source; null while the pull request's environment does not exist yet.</summary>
    public HealthPathChoice? HealthPath { get; init; }

    /// <summary>What each stage would do, as -WhatIf and -Confirm show it.</summary>
    public string Describe(ReleaseStageName stage) => stage switch
    {
        ReleaseStageName.Version => Bump is not null
            ? ReleaseMessages.Format(ReleaseMessages.ActionBump, Bump.NewVersion, Bump.OldVersion)
            : Decision.Explanation,
        ReleaseStageName.Commit => ReleaseMessages.Format(ReleaseMessages.ActionCommit, CommitMessage),
        ReleaseStageName.Push => HasRemote
            ? ReleaseMessages.Format(ReleaseMessages.ActionPush, Request.Remote, Branch)
            : ReleaseMessages.Format(ReleaseMessages.ActionPushNoRemote, Request.Remote),
        ReleaseStageName.Wait => Source == ReleaseSource.Upload
            ? ReleaseMessages.Format(ReleaseMessages.ActionUploadWait, Environment.Environment?.Name ?? Environment.Explanation)
            : ReleaseMessages.Format(ReleaseMessages.ActionWait, Environment.Environment?.Name ?? Environment.Explanation),
        _ => Request.StableFor > TimeSpan.Zero
            ? ReleaseMessages.Format(ReleaseMessages.ActionTestStable, HealthPath?.ToString() ?? Environment.Explanation, TargetVersion?.ToString() ?? "any", Request.StableFor.TotalSeconds)
            : ReleaseMessages.Format(ReleaseMessages.ActionTest, HealthPath?.ToString() ?? Environment.Explanation, TargetVersion?.ToString() ?? "any"),
    };

    /// <summary>The file or ref each stage acts on, for ShouldProcess targets.</summary>
    public string TargetOf(ReleaseStageName stage) => stage switch
    {
        ReleaseStageName.Version => VersionSource is null ? Repository.Root : Path.GetRelativePath(Repository.Root, VersionSource.File),
        ReleaseStageName.Commit => Repository.Root,
        ReleaseStageName.Push => $"{Request.Remote}/{Branch}",
        _ => $"{Service.Name} in {Environment.Environment?.Name ?? "?"}",
    };

    /// <summary>The stages that have work to do (the others are already done or not needed).</summary>
    public IEnumerable<ReleaseStageName> StagesWithWork()
    {
        if (Decision.Version == VersionStep.Bump)
        {
            yield return ReleaseStageName.Version;
        }
        if (Decision.Commit == CommitStep.Commit)
        {
            yield return ReleaseStageName.Commit;
        }
        if (Decision.Push == PushStep.Push && HasRemote)
        {
            yield return ReleaseStageName.Push;
        }
        yield return ReleaseStageName.Wait;
        yield return ReleaseStageName.Test;
    }

    public void Dispose() => Lock.Dispose();
}
