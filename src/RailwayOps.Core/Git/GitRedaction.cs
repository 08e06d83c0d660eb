namespace RailwayOps.Core.Git;

/// <summary>Removes credentials embedded in URLs (<c>https://user:token@host</c>) from text meant for people: <see cref="Secrets.UrlRedaction"/>, the module's one URL redaction.</summary>
public static class GitRedaction
{
    public const string Mask = Secrets.UrlRedaction.Mask;

    public static string Redact(string text) => Secrets.UrlRedaction.Redact(text);
}
