namespace RailwayOps.Core.Railway;

/// <summary>Why an upload (railway up) did not become a deployment.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum UploadFailureKind
{
    /// <summary>Railway refused it (HTTP 400): its message says why (unknown service, not a tarball, a path escaping the folder).</summary>
    Rejected,

    /// <summary>Railway refused it as too large (HTTP 413).</summary>
    TooLarge,

    /// <summary>The folder to upload does not exist.</summary>
    SourceNotFound,

    /// <summary>git could not list or archive the source.</summary>
    SourceUnreadable,
}

public sealed class UploadException : Exception
{
    public UploadException(UploadFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public UploadFailureKind Kind { get; }

    /// <summary>What Railway said (the 400 or 413 body's message), redacted.</summary>
    public string? ServerMessage { get; init; }

    public int? StatusCode { get; init; }
}
