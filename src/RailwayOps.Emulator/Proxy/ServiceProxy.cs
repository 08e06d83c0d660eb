using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RailwayOps.Emulator.Proxy;

/// <summary>The stable URL of one service instance: a TCP splice from a fixed loopback port to the
/// live deployment's replicas, round-robin (one target per replica). Each connection is bound to the
/// target current when it was accepted, so switching targets never breaks a request in flight and new
/// connections go to the new targets. It counts the bytes it carries each way (the network metrics).</summary>
public sealed class ServiceProxy : IAsyncDisposable
{
    private static readonly byte[] NoDeploymentResponse = ErrorResponse(503, "Service Unavailable", "Application not found");
    private static readonly byte[] BadGatewayResponse = ErrorResponse(502, "Bad Gateway", "Application failed to respond");

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int[] _targets = [];
    private int _next = -1;
    private long _bytesIn;
    private long _bytesOut;

    private ServiceProxy(TcpListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));
    }

    public int Port { get; }

    /// <summary>A database's proxy: with nothing to forward to it closes the connection instead of answering HTTP
    /// (a psql or redis-cli then says the server closed the connection, not that it got a strange answer).</summary>
    public bool RawTcp { get; set; }

    public string Domain => $"127.0.0.1:{Port}";

    /// <summary>The first target port, or null when none serves (callers get 503). Setting it replaces
    /// every target with that one port (or none).</summary>
    public int? TargetPort
    {
        get => Volatile.Read(ref _targets) is [var first, ..] ? first : null;
        set => SetTargets(value is { } port ? [port] : []);
    }

    /// <summary>The ports of the replicas that serve, in rotation order.</summary>
    public IReadOnlyList<int> Targets => Volatile.Read(ref _targets);

    /// <summary>Bytes received from callers (Railway's NETWORK_RX for the service) since the proxy started.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes sent back to callers (NETWORK_TX) since the proxy started.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesOut);

    public void SetTargets(IEnumerable<int> ports) => Volatile.Write(ref _targets, ports.Where(p => p > 0).Distinct().ToArray());

    public void AddTarget(int port)
    {
        int[] current, updated;
        do
        {
            current = Volatile.Read(ref _targets);
            if (port <= 0 || current.Contains(port))
            {
                return;
            }
            updated = [.. current, port];
        }
        while (Interlocked.CompareExchange(ref _targets, updated, current) != current);
    }

    public void RemoveTarget(int port)
    {
        int[] current, updated;
        do
        {
            current = Volatile.Read(ref _targets);
            if (!current.Contains(port))
            {
                return;
            }
            updated = current.Where(p => p != port).ToArray();
        }
        while (Interlocked.CompareExchange(ref _targets, updated, current) != current);
    }

    private int? PickTarget()
    {
        var targets = Volatile.Read(ref _targets);
        if (targets.Length == 0)
        {
            return null;
        }
        var turn = (uint)Interlocked.Increment(ref _next);
        return targets[(int)(turn % (uint)targets.Length)];
    }

    /// <summary>Listens on the preferred port when it is free, else on a new one.</summary>
    public static ServiceProxy Start(int? preferredPort)
    {
        if (preferredPort is > 0)
        {
            try
            {
                return new ServiceProxy(Listen(preferredPort.Value));
            }
            catch (SocketException)
            {
                // Taken by something else since the last run: a new port will be persisted.
            }
        }
        return new ServiceProxy(Listen(0));
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start(512);
        return listener;
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            _ = Task.Run(() => ServeAsync(client, PickTarget(), cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client, int? targetPort, CancellationToken cancellationToken)
    {
        using (client)
        {
            client.NoDelay = true;
            var downstream = client.GetStream();
            if (targetPort is null)
            {
                if (!RawTcp)
                {
                    await RespondAndCloseAsync(downstream, NoDeploymentResponse, cancellationToken);
                }
                return;
            }
            // A replica that just died refuses the connection before its exit takes it out of the rotation: the
            // next replica gets the connection (nothing was sent yet), as a load balancer's retry does.
            TcpClient? upstreamClient = null;
            var port = targetPort.Value;
            for (var attempt = 0; upstreamClient is null; attempt++)
            {
                var candidate = new TcpClient { NoDelay = true };
                try
                {
                    await candidate.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    upstreamClient = candidate;
                }
                catch (SocketException)
                {
                    candidate.Dispose();
                    var others = Targets.Where(p => p != port).ToList();
                    if (attempt >= 2 || others.Count == 0)
                    {
                        if (!RawTcp)
                        {
                            await RespondAndCloseAsync(downstream, BadGatewayResponse, cancellationToken);
                        }
                        return;
                    }
                    port = others[attempt % others.Count];
                }
                catch (OperationCanceledException)
                {
                    candidate.Dispose();
                    return;
                }
            }
            using var upstreamOwner = upstreamClient;
            var upstream = upstreamClient.GetStream();
            using var pair = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var toUpstream = CopyThenHalfCloseAsync(downstream, upstreamClient.Client, upstream, count => Interlocked.Add(ref _bytesIn, count), pair.Token);
            var toDownstream = CopyThenHalfCloseAsync(upstream, client.Client, downstream, count => Interlocked.Add(ref _bytesOut, count), pair.Token);
            // When the server side ends, the client has everything it will get; close both.
            await toDownstream;
            await pair.CancelAsync();
            try
            {
                await toUpstream;
            }
            catch (OperationCanceledException)
            {
                // Expected: the client had nothing more to send.
            }
        }
    }

    private static async Task CopyThenHalfCloseAsync(Stream source, Socket destinationSocket, Stream destination,
        Action<long> counted, CancellationToken cancellationToken)
    {
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                counted(read);
            }
            destinationSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // A reset on either side ends the connection; nothing to report to anyone.
        }
    }

    private static async Task RespondAndCloseAsync(NetworkStream stream, byte[] response, CancellationToken cancellationToken)
    {
        try
        {
            // Read what the client sent first, so closing does not reset the connection before the
            // client has read the response.
            var buffer = new byte[8192];
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            readTimeout.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                _ = await stream.ReadAsync(buffer, readTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Nothing sent yet; answer anyway.
            }
            await stream.WriteAsync(response, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    private static byte[] ErrorResponse(int status, string reason, string message)
    {
        var body = $"{{\"status\":\"error\",\"code\":{status},\"message\":\"{message}\"}}";
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nConnection: close\r\n" +
            $"Content-Length: {body.Length}\r\n\r\n{body}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }
}
