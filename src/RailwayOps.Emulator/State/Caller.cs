namespace RailwayOps.Emulator.State;

/// <summary>Who is calling, from the token they sent: an account sees everything, a project token
/// sees one environment of one project.</summary>
public sealed record Caller(TokenEntity Token)
{
    public bool IsAccount => Token.Kind == TokenEntity.Account;

    /// <summary>A caller without a token, let in only for Railway's public queries (see Graph/Templates): it sees
    /// no project.</summary>
    public static Caller Public { get; } = new(new TokenEntity("public", "public", "", "public", null, null, DateTimeOffset.MinValue));

    public bool CanSeeProject(string projectId) => IsAccount || Token.ProjectId == projectId;

    public bool CanSeeEnvironment(string projectId, string environmentId) =>
        IsAccount || (Token.ProjectId == projectId && Token.EnvironmentId == environmentId);
}
