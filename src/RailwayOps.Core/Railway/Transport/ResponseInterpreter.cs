using System.Globalization;
using System.Net;
using System.Text.Json;
using RailwayOps.Core.Auth;
using RailwayOps.Core.Resilience;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>Turns an HTTP response into the GraphQL <c>data</c> object or a typed <see cref="RailwayApiException"/>.</summary>
internal static class ResponseInterpreter
{
    private const int MaxServerMessageLength = 500;

    public static JsonElement Interpret(
        string operationName,
        HttpStatusCode status,
        string? reason,
        string? mediaType,
        TimeSpan? retryAfter,
        string body,
        RailwayCredential? credential,
        Redactor redactor)
    {
        var code = (int)status;
        var tokenDescription = credential?.Description ?? Messages.NoToken;

        RailwayApiException Fail(RailwayApiErrorKind kind, string message, string? serverMessage = null) =>
            new(kind, redactor.Redact(message))
            {
                OperationName = operationName,
                StatusCode = code,
                RetryAfter = kind == RailwayApiErrorKind.RateLimited ? retryAfter : null,
                ServerMessage = serverMessage is null ? null : redactor.Redact(Truncate(serverMessage)),
            };

        // The status decides before the body is parsed: a 429 or 5xx body is often a proxy's page.
        if (status == HttpStatusCode.TooManyRequests)
        {
            throw Fail(
                RailwayApiErrorKind.RateLimited,
                retryAfter is { } wait
                    ? wait < TimeSpan.FromMinutes(10)
                        ? string.Format(CultureInfo.InvariantCulture, Messages.RateLimited, wait.TotalSeconds)
                        : string.Format(CultureInfo.InvariantCulture, TransportMessages.RateLimitedLong, Resilience.Deadline.Describe(wait))
                    : Messages.RateLimitedNoHeader,
                Summarize(body));
        }

        if (status == HttpStatusCode.Unauthorized)
        {
            throw Fail(RailwayApiErrorKind.Unauthorized, string.Format(CultureInfo.InvariantCulture, Messages.HttpUnauthorized, tokenDescription), Summarize(body));
        }

        if (status == HttpStatusCode.Forbidden)
        {
            throw Fail(RailwayApiErrorKind.Forbidden, string.Format(CultureInfo.InvariantCulture, Messages.Forbidden, operationName, tokenDescription), Summarize(body));
        }

        if (code >= 500)
        {
            throw Fail(RailwayApiErrorKind.Transport, string.Format(CultureInfo.InvariantCulture, Messages.ServerError, code, reason, operationName), Summarize(body));
        }

        if (LooksLikeHtml(mediaType, body))
        {
            throw Fail(RailwayApiErrorKind.InvalidResponse, string.Format(CultureInfo.InvariantCulture, Messages.HtmlErrorPage, operationName, code), Summarize(body));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Fail(code is >= 200 and < 300 ? RailwayApiErrorKind.InvalidResponse : RailwayApiErrorKind.Transport,
                code is >= 200 and < 300
                    ? string.Format(CultureInfo.InvariantCulture, Messages.MalformedJson, operationName, code)
                    : string.Format(CultureInfo.InvariantCulture, Messages.UnexpectedStatus, code, reason, operationName),
                Summarize(body));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail(RailwayApiErrorKind.InvalidResponse, string.Format(CultureInfo.InvariantCulture, Messages.MalformedJson, operationName, code));
            }

            // GraphQL servers answer validation errors with 4xx and an errors[] envelope; read it either way.
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                throw MapGraphQLErrors(errors, operationName, tokenDescription, Fail);
            }

            if (code is < 200 or >= 300)
            {
                throw Fail(RailwayApiErrorKind.InvalidResponse, string.Format(CultureInfo.InvariantCulture, Messages.UnexpectedStatus, code, reason, operationName), Summarize(body));
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw Fail(RailwayApiErrorKind.InvalidResponse, string.Format(CultureInfo.InvariantCulture, Messages.NoData, operationName));
            }

            return data.Clone();
        }
    }

    private static RailwayApiException MapGraphQLErrors(
        JsonElement errors,
        string operationName,
        string tokenDescription,
        Func<RailwayApiErrorKind, string, string?, RailwayApiException> fail)
    {
        var messages = errors.EnumerateArray()
            .Select(error => error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString() ?? string.Empty
                : error.ToString())
            .ToArray();
        var first = messages[0];
        var all = string.Join("; ", messages);

        if (first.Contains("Not Authorized", StringComparison.OrdinalIgnoreCase)
            || first.Contains("Project Token not found", StringComparison.OrdinalIgnoreCase))
        {
            return fail(RailwayApiErrorKind.Unauthorized, string.Format(CultureInfo.InvariantCulture, Messages.NotAuthorized, tokenDescription), all);
        }

        if (first.Contains("Two Factor Authentication Required", StringComparison.OrdinalIgnoreCase))
        {
            return fail(RailwayApiErrorKind.Forbidden, string.Format(CultureInfo.InvariantCulture, Messages.Forbidden, operationName, tokenDescription), all);
        }

        if (first.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            return fail(RailwayApiErrorKind.NotFound, string.Format(CultureInfo.InvariantCulture, Messages.NotFound, first), all);
        }

        return fail(RailwayApiErrorKind.GraphQL, string.Format(CultureInfo.InvariantCulture, Messages.GraphQLError, operationName, first), all);
    }

    private static bool LooksLikeHtml(string? mediaType, string body) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase)
        || body.TrimStart().StartsWith('<');

    /// <summary>A short, single-line view of a body for ErrorDetails: the GraphQL message when there is one, else the text.</summary>
    private static string? Summarize(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0 && errors[0].TryGetProperty("message", out var message))
            {
                return message.ToString();
            }

            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var plain))
            {
                return plain.ToString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        return string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Truncate(string text) => text.Length <= MaxServerMessageLength ? text : text[..MaxServerMessageLength] + "…";
}
