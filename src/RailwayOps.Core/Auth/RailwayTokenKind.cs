namespace RailwayOps.Core.Auth;

/// <summary>Which header a token travels in.</summary>
// Written by name, not number, by ConvertTo-Json (Newtonsoft in PowerShell 7.6) and System.Text.Json.
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum RailwayTokenKind
{
    /// <summary>An account, workspace or OAuth token: <c>Authorization: Bearer</c>.</summary>
    Account,

    /// <summary>A project token, scoped to one environment: <c>Project-Access-Token</c>.</summary>
    Project,
}
