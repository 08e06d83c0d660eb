namespace RailwayOps.Core.Versioning;

/// <summary>Where an application declares its version.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum VersionSourceKind
{
    /// <summary><c>app_version = "x.y.z"</c> (module level or a class attribute) in a <c>config.py</c>.</summary>
    PythonAppVersion,

    /// <summary><c>__version__ = "x.y.z"</c> in a Python file.</summary>
    PythonDunderVersion,

    /// <summary><c>version</c> in the <c>[project]</c> or <c>[tool.poetry]</c> table of <c>pyproject.toml</c>.</summary>
    PyProject,

    /// <summary>The top-level <c>"version"</c> of <c>package.json</c>.</summary>
    PackageJson,

    /// <summary><c>&lt;Version&gt;</c> in a <c>*.csproj</c>.</summary>
    CsProj,

    /// <summary>A file named <c>VERSION</c> holding only the version.</summary>
    VersionFile,
}
