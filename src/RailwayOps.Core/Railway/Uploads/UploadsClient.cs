using System.Globalization;
using System.Net;
using System.Text.Json;
using RailwayOps.Core.Events;

namespace RailwayOps.Core.Railway;

/// <summary>What the upload endpoint answered: the new deployment and where to see it.</summary>
public sealed record UploadResult(string DeploymentId, string? Url, string? LogsUrl, string? DeploymentDomain);

/// <summary>
/// <c>railway up</c>'s upload (<c>railway.Uploads</c>): the REST endpoint
/// <c>POST /project/{projectId}/environment/{environmentId}/up?serviceId=&amp;message=</c> on the GraphQL endpoint's host
/// (API.md §3.16), the body a streamed gzip tarball (<see cref="FolderUploadContent"/>, <see cref="CommitUploadContent"/>).
/// Sent once: an upload is not retried (it would deploy twice).
/// </summary>
public sealed class UploadsClient
{
    /// <summary>The name the request counter and the journal know the upload by.</summary>
    public const string OperationName = "up";

    private readonly ApiConnection connection;

    internal UploadsClient(ApiConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>The URL an upload goes to.</summary>
    public Uri EndpointFor(string projectId, string environmentId, string serviceId, string? message)
    {
        var path = string.Format(CultureInfo.InvariantCulture, "/project/{0}/environment/{1}/up?serviceId={2}",
            Uri.EscapeDataString(projectId), Uri.EscapeDataString(environmentId), Uri.EscapeDataString(serviceId));
        if (!string.IsNullOrEmpty(message))
        {
            path += "&message=" + Uri.EscapeDataString(message);
        }

        return new Uri(connection.Transport.Endpoint, path);
    }

    /// <exception cref="UploadException">Railway refused it (400, 413), or the source could not be read.</exception>
    /// <exception cref="RailwayApiException">401/403/429, another status, or the connection failed.</exception>
    public Task<UploadResult> UploadAsync(string projectId, string environmentId, string serviceId, string? message,
        UploadContent content, CancellationToken cancellationToken) =>
        UploadAsync(projectId, environmentId, serviceId, message, content, place: null, cancellationToken);

    /// <param name="place">What the upload goes to by name ("service web in demo/production"): every failure names it, not only the endpoint's ids.</param>
    /// <exception cref="UploadException">Railway refused it (400, 413), or the source could not be read.</exception>
    /// <exception cref="RailwayApiException">401/403/429, another status, or the connection failed.</exception>
    public async Task<UploadResult> UploadAsync(string projectId, string environmentId, string serviceId, string? message,
        UploadContent content, string? place, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentNullException.ThrowIfNull(content);
        var uri = EndpointFor(projectId, environmentId, serviceId, message);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        HttpStatusCode status;
        string? reason;
        string body;
        try
        {
            (status, reason, body) = await connection.Transport.SendRestAsync(OperationName, request, cancellationToken).ConfigureAwait(false);
        }
        catch (RailwayApiException exception) when (ContentFailure(exception) is { } own)
        {
            // The body could not be made (git archive failed): that, not the broken connection, is the failure.
            throw own;
        }
        catch (RailwayApiException exception) when (place is not null)
        {
            // The same failure (same kind, so the same ErrorId), worded with the names of what was being uploaded to.
            throw new RailwayApiException(exception.Kind, Format(UploadMessages.FailedPlaced, place, exception.Message), exception)
            {
                OperationName = exception.OperationName,
                Resource = exception.Resource,
                StatusCode = exception.StatusCode,
                RetryAfter = exception.RetryAfter,
                ServerMessage = exception.ServerMessage,
                DeadlinePassed = exception.DeadlinePassed,
            };
        }

        var shown = UrlRedaction(uri);
        var serverMessage = MessageOf(body);
        switch (status)
        {
            case HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted:
                return Parse(body, shown, place);
            case HttpStatusCode.BadRequest:
                throw new UploadException(UploadFailureKind.Rejected, place is null
                    ? Format(UploadMessages.Rejected, serverMessage ?? reason ?? "Bad Request")
                    : Format(UploadMessages.RejectedPlaced, place, serverMessage ?? reason ?? "Bad Request"))
                {
                    ServerMessage = serverMessage,
                    StatusCode = 400,
                };
            case HttpStatusCode.RequestEntityTooLarge:
                throw new UploadException(UploadFailureKind.TooLarge, place is null
                    ? Format(UploadMessages.TooLarge, serverMessage ?? reason ?? "Payload Too Large")
                    : Format(UploadMessages.TooLargePlaced, place, serverMessage ?? reason ?? "Payload Too Large"))
                {
                    ServerMessage = serverMessage,
                    StatusCode = 413,
                };
            default:
                var kind = status switch
                {
                    HttpStatusCode.Unauthorized => RailwayApiErrorKind.Unauthorized,
                    HttpStatusCode.Forbidden => RailwayApiErrorKind.Forbidden,
                    HttpStatusCode.TooManyRequests => RailwayApiErrorKind.RateLimited,
                    HttpStatusCode.NotFound => RailwayApiErrorKind.NotFound,
                    _ => RailwayApiErrorKind.InvalidResponse,
                };
                throw new RailwayApiException(kind, place is null
                    ? Format(UploadMessages.UnexpectedStatus, shown, (int)status, reason ?? "")
                    : Format(UploadMessages.UnexpectedStatusPlaced, place, shown, (int)status, reason ?? ""))
                {
                    OperationName = OperationName,
                    StatusCode = (int)status,
                    ServerMessage = serverMessage is null ? null : connection.Redactor.Redact(serverMessage),
                };
        }
    }

    private static UploadException? ContentFailure(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is UploadException own)
            {
                return own;
            }
        }

        return null;
    }

    private static UploadResult Parse(string body, Uri shown, string? place)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && ModelMapper.String(root, "deploymentId") is { Length: > 0 } id)
            {
                return new UploadResult(id, ModelMapper.String(root, "url"), ModelMapper.String(root, "logsUrl"), ModelMapper.String(root, "deploymentDomain"));
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new RailwayApiException(RailwayApiErrorKind.InvalidResponse, place is null
            ? Format(UploadMessages.InvalidAnswer, shown)
            : Format(UploadMessages.InvalidAnswerPlaced, place, shown)) { OperationName = OperationName };
    }

    private static string? MessageOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ModelMapper.String(document.RootElement, "message") : null;
        }
        catch (JsonException)
        {
            return string.IsNullOrWhiteSpace(body) ? null : body.Length > 300 ? body[..300] : body;
        }
    }

    private static Uri UrlRedaction(Uri uri) => Secrets.UrlRedaction.Redact(uri);

    private static string Format(string format, params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
