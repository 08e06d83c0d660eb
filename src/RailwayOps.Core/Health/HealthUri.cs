namespace RailwayOps.Core.Health;

/// <summary>The health URI is not an absolute http or https URI.</summary>
public sealed class InvalidHealthUriException : ArgumentException
{
    public InvalidHealthUriException(string? uri)
        : base(HealthMessages.Format(HealthMessages.InvalidUri, uri), "uri")
    {
        // Shown by Get-Error with the exception's other properties: no password in it.
        Uri = uri is null ? null : Secrets.UrlRedaction.Redact(uri);
    }

    public string? Uri { get; }
}

internal static class HealthUri
{
    public static Uri Validate(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != System.Uri.UriSchemeHttp && uri.Scheme != System.Uri.UriSchemeHttps))
        {
            throw new InvalidHealthUriException(uri?.OriginalString);
        }
        return uri;
    }
}
