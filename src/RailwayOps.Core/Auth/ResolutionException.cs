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

public enum ResolutionErrorKind
{
    NoToken,
    EnvironmentWithoutProject,
    ProjectRequired,
    InvalidEndpoint,
}
