namespace RailwayOps;

public static partial class ErrorIds
{
    // Transport: what may go into a request is checked before anything is sent.

    /// <summary>The token holds a line break, a control or a non-ASCII character: it cannot travel in a header, so nothing was sent.</summary>
    public const string InvalidToken = "RailwayInvalidToken";
}
