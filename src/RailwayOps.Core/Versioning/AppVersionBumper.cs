namespace RailwayOps.Core.Versioning;

/// <summary>Plans and applies a change of the version literal in a <see cref="VersionSource"/>.</summary>
public static class AppVersionBumper
{
    /// <summary>Plans the next version for <paramref name="part"/> (rules in <see cref="SemanticVersion.Bump"/>).</summary>
    /// <exception cref="InvalidVersionException">The current literal is not a semantic version.</exception>
    public static VersionBumpPlan Plan(VersionSource source, VersionPart part)
    {
        var current = CurrentVersion(source);
        return CreatePlan(source, current, current.Bump(part));
    }

    /// <summary>Plans writing <paramref name="version"/> as given.</summary>
    /// <exception cref="InvalidVersionException"><paramref name="version"/> or the current literal is not a semantic version.</exception>
    /// <exception cref="VersionDowngradeException">The new version is lower and <paramref name="allowDowngrade"/> is false.</exception>
    public static VersionBumpPlan Plan(VersionSource source, string version, bool allowDowngrade = false)
    {
        var requested = SemanticVersion.Parse(version?.Trim() ?? string.Empty);
        var current = CurrentVersion(source);
        if (requested < current && !allowDowngrade)
        {
            throw new VersionDowngradeException(source.File, current, requested);
        }
        return CreatePlan(source, current, requested);
    }

    /// <summary>
    /// Writes the planned file atomically (temporary file in the same folder, then rename; the
    /// original permissions are kept), so a cancelled or failed write leaves the file as it was.
    /// </summary>
    /// <exception cref="VersionException">The file changed on disk after the plan was made.</exception>
    public static async Task<VersionBumpPlan> ApplyAsync(VersionBumpPlan plan, CancellationToken cancellationToken)
    {
        if (!plan.HasChanges)
        {
            return plan;
        }
        var onDisk = await File.ReadAllBytesAsync(plan.File, cancellationToken).ConfigureAwait(false);
        if (!onDisk.AsSpan().SequenceEqual(plan.Source.Content.Bytes))
        {
            throw new VersionException(VersionMessages.Format(VersionMessages.ChangedSincePlan, plan.File));
        }
        await AtomicFile.WriteAllBytesAsync(plan.File, plan.NewContent, cancellationToken).ConfigureAwait(false);
        return plan;
    }

    private static SemanticVersion CurrentVersion(VersionSource source) =>
        source.Version ?? throw new InvalidVersionException(source.Literal, VersionMessages.CurrentNotSemVer, source.File);

    private static VersionBumpPlan CreatePlan(VersionSource source, SemanticVersion current, SemanticVersion next)
    {
        var content = source.Content.Splice(source.LiteralIndex, source.Literal.Length, next.ToString());
        return new VersionBumpPlan(source, current, next, content);
    }
}
