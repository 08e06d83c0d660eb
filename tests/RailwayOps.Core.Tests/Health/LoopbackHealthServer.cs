using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RailwayOps.Core.Tests.Health;

/// <summary>What the test server answers to one request; <see cref="Hang"/> never answers.</summary>
public sealed record ServerReply(int Status, string Body = "", string ContentType = "application/json", string? Location = null)
{
    public static ServerReply Hang { get; } = new(0);

    public static ServerReply Json(string version, string status = "ok") =>
        new(200, $$"""{"status":"{{status}}","version":"{{version}}"}""");
}

/// <summary>
/// A real HTTP server on a free loopback port. Its address is fixed at construction, before it
/// listens, so a test can probe it while nothing answers yet (connection refused) and start it later.
/// Until then a bound, non-listening socket holds the port: connections are refused, yet no other
/// socket (a parallel test's outgoing connection) can take the port meanwhile.
/// </summary>
public sealed class LoopbackHealthServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Socket reservation = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Func<int, HttpListenerRequest, ServerReply> reply;
    private readonly CancellationTokenSource stopping = new();
    private int requests;

    public LoopbackHealthServer(Func<int, HttpListenerRequest, ServerReply> reply)
    {
        this.reply = reply;
        this.reservation.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)this.reservation.LocalEndPoint!).Port}/");
        this.listener.Prefixes.Add(BaseUri.ToString());
    }

    public LoopbackHealthServer(Func<int, ServerReply> reply)
        : this((number, _) => reply(number))
    {
    }

    public Uri BaseUri { get; }

    public Uri HealthUri => new(BaseUri, "api/health");

    public int Requests => Volatile.Read(ref this.requests);

    public LoopbackHealthServer Start()
    {
        this.reservation.Dispose();
        this.listener.Start();
        _ = Task.Run(ServeAsync);
        return this;
    }

    public void Dispose()
    {
        this.stopping.Cancel();
        this.reservation.Dispose();
        // Close alone: after Stop, the managed HttpListener's Close releases the prefix a second
        // time, which re-binds the port and fails if a parallel test took it. A listener that
        // never started holds nothing to release.
        if (this.listener.IsListening)
        {
            this.listener.Close();
        }
        this.stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (this.listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await this.listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var reply = this.reply(Interlocked.Increment(ref this.requests), context.Request);
        try
        {
            if (reply.Status == 0)
            {
                await Task.Delay(Timeout.Infinite, this.stopping.Token);
            }
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            if (reply.Location is not null)
            {
                context.Response.RedirectLocation = reply.Location;
            }
            var body = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            context.Response.Abort();
        }
    }
}
