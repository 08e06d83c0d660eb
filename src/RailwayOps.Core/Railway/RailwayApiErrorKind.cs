namespace RailwayOps.Core.Railway;

/// <summary>Why a Railway API call failed; the cmdlet base maps each kind to an ErrorId and category.</summary>
public enum RailwayApiErrorKind
{
    Unauthorized,
    Forbidden,
    NotFound,
    RateLimited,
    Timeout,
    Transport,
    GraphQL,
    InvalidResponse,
    InsecureEndpoint,
}
