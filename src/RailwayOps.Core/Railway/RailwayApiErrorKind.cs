namespace RailwayOps.Core.Railway;

/// <summary>Why a Railway API call failed; the cmdlet base maps each kind to an ErrorId and category.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
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

    /// <summary>The token holds a character an HTTP header cannot carry (a line break, a control or non-ASCII character); nothing was sent.</summary>
    InvalidToken,
}
