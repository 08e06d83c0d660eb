namespace RailwayOps.Core.Auth;

/// <summary>Resolution cannot produce a usable context (contradictory settings, a missing token).</summary>
public sealed class ResolutionException : Exception
{
    public ResolutionException(ResolutionErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public ResolutionErrorKind Kind { get; }
}

[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum ResolutionErrorKind
{
    NoToken,
    EnvironmentWithoutProject,
    ProjectRequired,
    InvalidEndpoint,
}
