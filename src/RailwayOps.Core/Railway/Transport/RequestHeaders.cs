using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using RailwayOps.Core.Auth;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>
/// The one place that builds the headers of every Railway request, HTTP and WebSocket upgrade alike:
/// the client's identity and the one authentication header of the token. A token that could not travel
/// as a header value unchanged (a line break would start a header of its own) is refused here, when the
/// transport is made, before anything is sent.
/// </summary>
public sealed class RequestHeaders
{
    private readonly KeyValuePair<string, string>[] headers;

    private RequestHeaders(KeyValuePair<string, string>[] headers)
    {
        this.headers = headers;
    }

    /// <summary>The headers for <paramref name="credential"/> (none for an anonymous client).</summary>
    /// <exception cref="RailwayApiException"><see cref="RailwayApiErrorKind.InvalidToken"/>: the token holds a character a header cannot carry.</exception>
    public static RequestHeaders For(RailwayCredential? credential)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("User-Agent", $"RailwayOps/{GraphQLTransport.Version} (PowerShell)"),
            new("x-source", $"RailwayOps/{GraphQLTransport.Version}"),
        };
        if (credential is not null)
        {
            EnsureHeaderSafe(credential.Token, credential.Description);
            list.Add(credential.AuthorizationHeader);
        }

        return new RequestHeaders(list.ToArray());
    }

    /// <summary>The header names and values, in the order they are sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All => headers;

    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    public void ApplyTo(ClientWebSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, value) in headers)
        {
            options.SetRequestHeader(name, value);
        }
    }

    /// <summary>
    /// Refuses a secret that is not printable ASCII (0x21-0x7E): CR or LF would split the header, other control
    /// characters and non-ASCII text are mangled or rejected by servers, and a space cannot be part of a token.
    /// </summary>
    /// <param name="description">How messages name the secret ("the token from RAILWAY_API_TOKEN"); never the value.</param>
    /// <exception cref="RailwayApiException"><see cref="RailwayApiErrorKind.InvalidToken"/>.</exception>
    public static void EnsureHeaderSafe(string secret, string description)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (FindUnsafe(secret) is not { } problem)
        {
            return;
        }

        throw new RailwayApiException(
            RailwayApiErrorKind.InvalidToken,
            string.Format(CultureInfo.InvariantCulture, TransportMessages.UnsafeToken, description, problem.What, problem.Index + 1));
    }

    /// <summary>The first character a header value cannot carry, and what it is; null when every character is printable ASCII.</summary>
    public static (int Index, string What)? FindUnsafe(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        for (var i = 0; i < secret.Length; i++)
        {
            var c = secret[i];
            if (c is >= '!' and <= '~')
            {
                continue;
            }

            var what = c switch
            {
                '\r' or '\n' => TransportMessages.UnsafeTokenLineBreak,
                ' ' => TransportMessages.UnsafeTokenSpace,
                < ' ' or '\u007f' => TransportMessages.UnsafeTokenControl,
                _ => TransportMessages.UnsafeTokenNonAscii,
            };
            return (i, what);
        }

        return null;
    }
}
