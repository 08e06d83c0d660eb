using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Events;
using RailwayOps.Core.Resilience;
using RailwayOps.Core.Secrets;

namespace RailwayOps.Core.Railway.Transport;

/// <summary>
/// GraphQL over HTTP to one Railway endpoint: POST {query, variables, operationName} with one
/// authentication header. Reads are retried through <see cref="ReadRetryPipeline"/>; mutations go out once.
/// </summary>
public sealed class GraphQLTransport : IDisposable
{
    public static readonly string Version = typeof(GraphQLTransport).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(GraphQLTransport).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    private readonly GraphQLTransportOptions options;
    private readonly HttpClient httpClient;
    private readonly RequestHeaders headers;
    private readonly bool ownsHttpClient = true;

    /// <exception cref="RailwayApiException">The endpoint is unsafe for the token, or the token cannot travel in a header; nothing was sent.</exception>
    public GraphQLTransport(GraphQLTransportOptions options, HttpMessageHandler? handler = null)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        EnsureSafeEndpoint(options);
        headers = RequestHeaders.For(options.Credential);
        httpClient = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            : new HttpClient(handler, disposeHandler: false);

        // Each attempt gets its own timeout (see SendOnceAsync) so a retry is not cut short by the first.
        httpClient.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>A view of <paramref name="shared"/> under another deadline: same connections and headers, not disposed with it.</summary>
    private GraphQLTransport(GraphQLTransport shared, Deadline deadline)
    {
        options = shared.options with { Deadline = deadline };
        httpClient = shared.httpClient;
        headers = shared.headers;
        ownsHttpClient = false;
    }

    public Uri Endpoint => options.Endpoint;

    /// <summary>
    /// This transport bounded by <paramref name="deadline"/> instead (one per pipeline input of a cmdlet whose
    /// -TimeoutSec applies to each input): it shares the connections and is disposed before this one.
    /// </summary>
    public GraphQLTransport WithDeadline(Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return new GraphQLTransport(this, deadline);
    }

    public GraphQLTransportOptions Options => options;

    public RequestCounter Counter => options.Counter;

    /// <summary>The deadline every request of this transport answers to (<see cref="Deadline.None"/> unless the caller set one).</summary>
    public Deadline Deadline => options.Deadline;

    /// <summary>The headers every request carries, HTTP and WebSocket.</summary>
    public RequestHeaders Headers => headers;

    /// <summary>Runs a read, retrying transient failures within the deadline; returns the response's <c>data</c> object.</summary>
    /// <exception cref="RailwayApiException">A failure, or <see cref="RailwayApiException.DeadlinePassed"/> once the deadline passed.</exception>
    public async Task<JsonElement> QueryAsync(string operationName, JsonObject? variables, CancellationToken cancellationToken)
    {
        var deadline = options.Deadline;
        var pipeline = ReadRetryPipeline.Create(options.Retry, options.Events, options.TimeProvider, operationName, deadline);
        var attempt = 0;
        RailwayApiException? last = null;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    try
                    {
                        return await SendOnceAsync(operationName, variables, ++attempt, token).ConfigureAwait(false);
                    }
                    catch (RailwayApiException exception)
                    {
                        last = exception;
                        throw;
                    }
                },
                bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the deadline cancels the bounded token without the caller's: during an attempt or a retry's pause.
            throw DeadlinePassed(operationName, last);
        }
    }

    /// <summary>Runs a mutation exactly once (a retried deploy or variable write could apply twice), within the deadline.</summary>
    public async Task<JsonElement> MutateAsync(string operationName, JsonObject? variables, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.Deadline.Token);
        try
        {
            return await SendOnceAsync(operationName, variables, 1, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw DeadlinePassed(operationName, null);
        }
    }

    private async Task<JsonElement> SendOnceAsync(string operationName, JsonObject? variables, int attempt, CancellationToken cancellationToken)
    {
        var deadline = options.Deadline;
        if (deadline.HasPassed)
        {
            throw DeadlinePassed(operationName, null);
        }

        using var request = BuildRequest(operationName, variables);
        options.Counter.Increment(operationName);
        if (!ReferenceEquals(options.Counter, RequestCounter.Global))
        {
            RequestCounter.Global.Increment(operationName);
        }

        Report(RailwayEventLevel.Debug, Messages.RequestSent, options.Endpoint, operationName, attempt);

        // The attempt's own timeout (RAILWAY_HTTP_TIMEOUT), cut to what is left of the deadline.
        var timeout = deadline.Clip(options.Timeout);
        var cutByDeadline = timeout < options.Timeout;
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(Deadline.ClampTimer(timeout));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(attemptTimeout.Token).ConfigureAwait(false);
            Report(RailwayEventLevel.Debug, Messages.ResponseReceived, operationName, (int)response.StatusCode, stopwatch.ElapsedMilliseconds);
            return ResponseInterpreter.Interpret(
                operationName,
                response.StatusCode,
                response.ReasonPhrase,
                response.Content.Headers.ContentType?.MediaType,
                RetryAfterOf(response),
                body,
                options.Credential,
                options.Redactor);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (cutByDeadline)
            {
                throw DeadlinePassed(operationName, null);
            }

            throw new RailwayApiException(
                RailwayApiErrorKind.Timeout,
                string.Format(CultureInfo.InvariantCulture, Messages.Timeout, operationName, options.Timeout.TotalSeconds))
            {
                OperationName = operationName,
            };
        }
        catch (HttpRequestException exception)
        {
            throw new RailwayApiException(
                RailwayApiErrorKind.Transport,
                options.Redactor.Redact(string.Format(CultureInfo.InvariantCulture, Messages.TransportFailure, options.Endpoint, exception.Message)),
                exception)
            {
                OperationName = operationName,
            };
        }
    }

    /// <summary>
    /// A REST request beside GraphQL (the upload of <c>railway up</c>): the same headers, counter and deadline, sent once
    /// (a streamed body cannot be sent again) and with no per-attempt timeout (an upload takes as long as its size needs;
    /// the deadline bounds it). Returns the status, reason and body; a transport failure is a Transport RailwayApiException.
    /// </summary>
    public async Task<(HttpStatusCode Status, string? Reason, string Body)> SendRestAsync(string operationName, HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deadline = options.Deadline;
        if (deadline.HasPassed)
        {
            throw DeadlinePassed(operationName, null);
        }

        headers.ApplyTo(request);
        options.Counter.Increment(operationName);
        if (!ReferenceEquals(options.Counter, RequestCounter.Global))
        {
            RequestCounter.Global.Increment(operationName);
        }

        Report(RailwayEventLevel.Debug, Messages.RequestSent, UrlRedaction.Redact(request.RequestUri!), operationName, 1);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = deadline.Clip(Timeout.InfiniteTimeSpan);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            bounded.CancelAfter(Deadline.ClampTimer(limit));
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(bounded.Token).ConfigureAwait(false);
            Report(RailwayEventLevel.Debug, Messages.ResponseReceived, operationName, (int)response.StatusCode, stopwatch.ElapsedMilliseconds);
            return (response.StatusCode, response.ReasonPhrase, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw DeadlinePassed(operationName, null);
        }
        catch (HttpRequestException exception)
        {
            throw new RailwayApiException(
                RailwayApiErrorKind.Transport,
                options.Redactor.Redact(string.Format(CultureInfo.InvariantCulture, Messages.TransportFailure, UrlRedaction.Redact(request.RequestUri!), exception.Message)),
                exception)
            {
                OperationName = operationName,
            };
        }
    }

    /// <summary>The deadline's error: a Timeout that is not transient, quoting the last attempt's failure when there was one.</summary>
    private RailwayApiException DeadlinePassed(string operationName, RailwayApiException? last) =>
        new(
            RailwayApiErrorKind.Timeout,
            options.Redactor.Redact(last is null
                ? string.Format(CultureInfo.InvariantCulture, TransportMessages.DeadlinePassed, operationName, options.Deadline, options.Endpoint)
                : string.Format(CultureInfo.InvariantCulture, TransportMessages.DeadlinePassedAfter, operationName, options.Deadline, options.Endpoint, last.Message)),
            last)
        {
            OperationName = operationName,
            DeadlinePassed = true,
            StatusCode = last?.StatusCode,
            ServerMessage = last?.ServerMessage,
        };

    private HttpRequestMessage BuildRequest(string operationName, JsonObject? variables)
    {
        var payload = new JsonObject
        {
            ["query"] = OperationCatalog.Get(operationName),
            ["variables"] = variables?.DeepClone() ?? new JsonObject(),
            ["operationName"] = operationName,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint)
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        headers.ApplyTo(request);
        return request;
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var now = options.TimeProvider.GetUtcNow();
        return response.Headers.TryGetValues("Retry-After", out var values)
            ? RetryDelay.Parse(values.FirstOrDefault(), now)
            : null;
    }

    private void Report(RailwayEventLevel level, string format, params object[] arguments) =>
        options.Events.Report(new RailwayEvent(level, options.Redactor.Redact(string.Format(CultureInfo.InvariantCulture, format, arguments))));

    /// <summary>A token must never cross the network in clear text; loopback (the emulator) is the one exception.</summary>
    internal static void EnsureSafeEndpoint(GraphQLTransportOptions options)
    {
        var endpoint = options.Endpoint;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new RailwayApiException(RailwayApiErrorKind.InsecureEndpoint, UrlRedaction.Redact(string.Format(CultureInfo.InvariantCulture, Messages.RelativeEndpoint, endpoint)));
        }

        if (options.Credential is not null && endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(endpoint))
        {
            throw new RailwayApiException(RailwayApiErrorKind.InsecureEndpoint, UrlRedaction.Redact(string.Format(CultureInfo.InvariantCulture, Messages.InsecureEndpoint, endpoint)));
        }
    }

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    public void Dispose()
    {
        if (ownsHttpClient)
        {
            httpClient.Dispose();
        }
    }
}
