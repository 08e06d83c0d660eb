namespace RailwayOps.Core.Auth;

/// <summary>Which header a token travels in.</summary>
public enum RailwayTokenKind
{
    /// <summary>An account, workspace or OAuth token: <c>Authorization: Bearer</c>.</summary>
    Account,

    /// <summary>A project token, scoped to one environment: <c>Project-Access-Token</c>.</summary>
    Project,
}
