using RailwayOps.Core.Versioning;

namespace RailwayOps.Core.Release;

/// <summary>How the version is chosen: bump a part, write an explicit version, or leave it (-NoBump).</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum BumpMode
{
    Part,
    Explicit,
    None,
}

/// <summary>What the user asked for the version.</summary>
public sealed record BumpRequest(BumpMode Mode, VersionPart Part = VersionPart.Patch, SemanticVersion? Explicit = null)
{
    public static BumpRequest None { get; } = new(BumpMode.None);
}

/// <summary>What the repository says about earlier runs; gathered from git, nothing stored elsewhere.</summary>
public sealed record RepositoryFacts
{
    /// <summary>The version the working tree declares; null when -NoBump and no version source exists.</summary>
    public SemanticVersion? WorkingVersion { get; init; }

    /// <summary>The version the HEAD commit declares in the same file; null when HEAD lacks the file.</summary>
    public SemanticVersion? CommittedVersion { get; init; }

    /// <summary>The version file differs from HEAD (staged or not).</summary>
    public bool VersionFileChanged { get; init; }

    /// <summary>Changed, staged or untracked paths other than the version file.</summary>
    public int OtherChanges { get; init; }

    /// <summary>The version named by HEAD's "... - bump to vX.Y.Z" subject, when HEAD is a release commit.</summary>
    public SemanticVersion? HeadReleaseVersion { get; init; }

    /// <summary>The change HEAD's release subject describes (the part before " - bump to v"), when HEAD is a release commit.</summary>
    public string? HeadReleaseChange { get; init; }

    /// <summary>HEAD's subject as git holds it.</summary>
    public string? HeadSubject { get; init; }

    /// <summary>The remote's branch already contains HEAD.</summary>
    public bool HeadPushed { get; init; }

    public bool IsDirty => VersionFileChanged || OtherChanges > 0;
}

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum VersionStep
{
    /// <summary>Write a new version.</summary>
    Bump,

    /// <summary>Keep the version an earlier run already wrote (committed or not).</summary>
    Reuse,

    /// <summary>-NoBump: the version is not touched.</summary>
    Keep,
}

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum CommitStep
{
    Commit,
    AlreadyDone,
    NotNeeded,
}

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum PushStep
{
    Push,
    AlreadyDone,
}

/// <summary>Which stages still have work to do, and why.</summary>
public sealed record ResumeDecision(VersionStep Version, CommitStep Commit, PushStep Push, string Explanation);

/// <summary>
/// Infers where an earlier run stopped from the repository alone, so that running the loop again
/// continues instead of repeating: no second bump, no empty commit, no second push.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>-NoBump: commit what is changed (if anything) and push what is not on the remote.</item>
/// <item>The version file is changed, not committed, and declares a higher version than HEAD: an
/// earlier run (or the user) bumped it and stopped before committing. That version is reused.</item>
/// <item>Nothing is changed and HEAD is the release commit of the declared version: it is pushed if the
/// remote lacks it, then only waited for and tested; unless a -Message names another change than HEAD's,
/// which is a new release of the unchanged tree (the bump is the commit's change, so it is never empty).</item>
/// <item>Anything else is a new release: bump, commit, push.</item>
/// </list>
/// An explicit -Version that differs from the declared one always means a new bump.
/// </remarks>
public static class ResumePlanner
{
    /// <param name="newChange">The change the user named with -Message, or null when they named none (a rerun).</param>
    public static ResumeDecision Decide(RepositoryFacts facts, BumpRequest request, string? newChange = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Mode == BumpMode.None)
        {
            var commit = facts.IsDirty ? CommitStep.Commit : CommitStep.NotNeeded;
            var push = commit == CommitStep.Commit || !facts.HeadPushed ? PushStep.Push : PushStep.AlreadyDone;
            return new ResumeDecision(VersionStep.Keep, commit, push, ReleaseMessages.ResumeNoBump);
        }

        var working = facts.WorkingVersion;
        var explicitAgrees = request.Explicit is null || request.Explicit.Equals(working);
        if (working is not null && explicitAgrees && facts.VersionFileChanged
            && (facts.CommittedVersion is null || working > facts.CommittedVersion))
        {
            return new ResumeDecision(VersionStep.Reuse, CommitStep.Commit, PushStep.Push,
                ReleaseMessages.Format(ReleaseMessages.ResumeUncommittedBump, working));
        }

        var sameChange = newChange is null || string.Equals(newChange.Trim(), facts.HeadReleaseChange, StringComparison.Ordinal);
        if (working is not null && explicitAgrees && !facts.IsDirty && working.Equals(facts.HeadReleaseVersion) && !sameChange)
        {
            return new ResumeDecision(VersionStep.Bump, CommitStep.Commit, PushStep.Push,
                ReleaseMessages.Format(ReleaseMessages.ResumeNewChange, working, facts.HeadReleaseChange, newChange!.Trim()));
        }

        if (working is not null && explicitAgrees && !facts.IsDirty && working.Equals(facts.HeadReleaseVersion))
        {
            return facts.HeadPushed
                ? new ResumeDecision(VersionStep.Reuse, CommitStep.AlreadyDone, PushStep.AlreadyDone,
                    ReleaseMessages.Format(ReleaseMessages.ResumePushedRelease, working))
                : new ResumeDecision(VersionStep.Reuse, CommitStep.AlreadyDone, PushStep.Push,
                    ReleaseMessages.Format(ReleaseMessages.ResumeUnpushedRelease, working));
        }

        return new ResumeDecision(VersionStep.Bump, CommitStep.Commit, PushStep.Push, ReleaseMessages.ResumeNewRelease);
    }
}
