using RailwayOps.Core.Secrets;


namespace RailwayOps.Core.Auth;

/// <summary>A GitHub token with its source; like <see cref="RailwayCredential"/>, it never prints its value.</summary>
public sealed class GitHubCredential
{
    public GitHubCredential(string token, ValueSource source)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("A token must not be empty.", nameof(token));
        }

        Token = token.Trim();
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Redactor.Global.Register(Token);
    }

    public ValueSource Source { get; }

    public static GitHubCredential FromSecureString(System.Security.SecureString secure, ValueSource source) =>
        new(SecureText.ToPlain(secure), source);

    internal string Token { get; }

    public override string ToString() => $"GitHub token from {Source}";
}
