using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RailwayOps.Core.Tests.Support;

/// <summary>A request the stub received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>What the stub answers; <see cref="DropConnection"/> closes the socket without a response.</summary>
public sealed record StubResponse(int Status, string Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public TimeSpan Delay { get; init; }

    public bool DropConnection { get; init; }

    public static StubResponse Json(string body) => new(200, body);
}

/// <summary>
/// A real HTTP/1.1 server on a loopback port (TcpListener on port 0), in the spirit of PowerShell's
/// WebListener: Core is tested over real sockets, never through a mocked HttpClient.
/// </summary>
public sealed class StubGraphQLServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<RecordedRequest, int, StubResponse> respond;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly Task acceptLoop;
    private int count;

    /// <param name="respond">Gets each request and its 0-based index; returns the answer.</param>
    public StubGraphQLServer(Func<RecordedRequest, int, StubResponse> respond)
    {
        this.respond = respond;
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/graphql/v2");

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    public int RequestCount => Volatile.Read(ref count);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                var index = Interlocked.Increment(ref count) - 1;
                requests.Enqueue(request);
                var response = respond(request, index);
                if (response.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(response.Delay, stop.Token);
                }

                if (response.DropConnection)
                {
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                var body = Encoding.UTF8.GetBytes(response.Body);
                var head = new StringBuilder()
                    .Append($"HTTP/1.1 {response.Status} {ReasonOf(response.Status)}\r\n")
                    .Append($"Content-Type: {response.ContentType}; charset=utf-8\r\n")
                    .Append($"Content-Length: {body.Length}\r\n")
                    .Append("Connection: close\r\n");
                foreach (var (name, value) in response.Headers)
                {
                    head.Append($"{name}: {value}\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                await stream.WriteAsync(body);
                await stream.FlushAsync();
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away (a timeout test): nothing to answer.
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }

        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text) : 0;
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new RecordedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (Exception)
        {
            // Already stopping.
        }

        stop.Dispose();
    }
}
