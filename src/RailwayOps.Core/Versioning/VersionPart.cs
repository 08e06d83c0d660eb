namespace RailwayOps.Core.Versioning;

/// <summary>The part of a semantic version to increment; see <see cref="SemanticVersion.Bump"/>.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum VersionPart
{
    Major,
    Minor,
    Patch,
}
