using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RailwayOps.Core.Events;
using RailwayOps.Core.Resilience;

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

    public GraphQLTransport(GraphQLTransportOptions options, HttpMessageHandler? handler = null)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        EnsureSafeEndpoint(options);
        httpClient = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            : new HttpClient(handler, disposeHandler: false);

        // Each attempt gets its own deadline (see SendOnceAsync) so a retry is not cut short by the first.
        httpClient.Timeout = Timeout.InfiniteTimeSpan;
    }

    public Uri Endpoint => options.Endpoint;

    public GraphQLTransportOptions Options => options;

    public RequestCounter Counter => options.Counter;

    /// <summary>Runs a read, retrying transient failures; returns the response's <c>data</c> object.</summary>
    public async Task<JsonElement> QueryAsync(string operationName, JsonObject? variables, CancellationToken cancellationToken)
    {
        var pipeline = ReadRetryPipeline.Create(options.Retry, options.Events, options.TimeProvider, operationName);
        var attempt = 0;
        return await pipeline.ExecuteAsync(
            async token => await SendOnceAsync(operationName, variables, ++attempt, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a mutation exactly once: a retried deploy or variable write could apply twice.</summary>
    public Task<JsonElement> MutateAsync(string operationName, JsonObject? variables, CancellationToken cancellationToken) =>
        SendOnceAsync(operationName, variables, 1, cancellationToken);

    private async Task<JsonElement> SendOnceAsync(string operationName, JsonObject? variables, int attempt, CancellationToken cancellationToken)
    {
        using var request = BuildRequest(operationName, variables);
        options.Counter.Increment(operationName);
        if (!ReferenceEquals(options.Counter, RequestCounter.Global))
        {
            RequestCounter.Global.Increment(operationName);
        }

        Report(RailwayEventLevel.Debug, Messages.RequestSent, options.Endpoint, operationName, attempt);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
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
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", $"RailwayOps/{Version} (PowerShell)");
        request.Headers.TryAddWithoutValidation("x-source", $"RailwayOps/{Version}");
        if (options.Credential is { } credential)
        {
            var header = credential.AuthorizationHeader;
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

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
            throw new RailwayApiException(RailwayApiErrorKind.InsecureEndpoint, string.Format(CultureInfo.InvariantCulture, Messages.RelativeEndpoint, endpoint));
        }

        if (options.Credential is not null && endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(endpoint))
        {
            throw new RailwayApiException(RailwayApiErrorKind.InsecureEndpoint, string.Format(CultureInfo.InvariantCulture, Messages.InsecureEndpoint, endpoint));
        }
    }

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    public void Dispose()
    {
        httpClient.Dispose();
    }
}
