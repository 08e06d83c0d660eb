using System.Security;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Auth;

/// <summary>
/// A Railway token with its kind and source. The value is reachable only inside Core (the
/// transport); ToString and every message name the source, never any part of the token.
/// </summary>
public sealed class RailwayCredential
{
    public const string ProjectTokenHeader = "Project-Access-Token";

    private readonly string token;

    public RailwayCredential(string token, RailwayTokenKind kind, ValueSource source)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("A token must not be empty.", nameof(token));
        }

        this.token = token.Trim();
        Kind = kind;
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Redactor.Global.Register(this.token);
    }

    public RailwayTokenKind Kind { get; }

    public ValueSource Source { get; }

    /// <summary>The phrase messages use for this token, e.g. "the token from RAILWAY_API_TOKEN".</summary>
    public string Description => Source.Kind switch
    {
        ValueSourceKind.Parameter => Messages.TokenFromParameter,
        ValueSourceKind.EnvironmentVariable => string.Format(Messages.TokenFromEnvironment, Source.Detail),
        ValueSourceKind.ConfigFile => string.Format(Messages.TokenFromConfig, Source.Detail),
        _ => Messages.TokenFromSession,
    };

    internal string Token => token;

    public static RailwayCredential FromSecureString(SecureString secure, RailwayTokenKind kind, ValueSource source)
    {
        return new RailwayCredential(SecureText.ToPlain(secure), kind, source);
    }

    /// <summary>The one authentication header this token is sent in.</summary>
    internal KeyValuePair<string, string> AuthorizationHeader => Kind == RailwayTokenKind.Project
        ? new(ProjectTokenHeader, token)
        : new("Authorization", "Bearer " + token);

    public override string ToString() => $"{Kind} token from {Source}";
}
