namespace RailwayOps.Core.Versioning;

/// <summary>The part of a semantic version to increment; see <see cref="SemanticVersion.Bump"/>.</summary>
public enum VersionPart
{
    Major,
    Minor,
    Patch,
}
