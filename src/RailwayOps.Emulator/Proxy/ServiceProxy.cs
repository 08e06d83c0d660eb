using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RailwayOps.Emulator.Proxy;

/// <summary>The stable URL of one service instance: a TCP splice from a fixed loopback port to the
/// live deployment's port. Each connection is bound to the target current when it was accepted, so
/// switching targets never breaks a request in flight and new connections go to the new target.</summary>
public sealed class ServiceProxy : IAsyncDisposable
{
    private static readonly byte[] NoDeploymentResponse = ErrorResponse(503, "Service Unavailable", "Application not found");
    private static readonly byte[] BadGatewayResponse = ErrorResponse(502, "Bad Gateway", "Application failed to respond");

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _targetPort;

    private ServiceProxy(TcpListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));
    }

    public int Port { get; }

    public string Domain => $"127.0.0.1:{Port}";

    /// <summary>The port of the live deployment, or null when none serves (callers get 503).</summary>
    public int? TargetPort
    {
        get => Volatile.Read(ref _targetPort) is var port and > 0 ? port : null;
        set => Volatile.Write(ref _targetPort, value ?? 0);
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
            _ = Task.Run(() => ServeAsync(client, TargetPort, cancellationToken), CancellationToken.None);
        }
    }

    private static async Task ServeAsync(TcpClient client, int? targetPort, CancellationToken cancellationToken)
    {
        using (client)
        {
            client.NoDelay = true;
            var downstream = client.GetStream();
            if (targetPort is null)
            {
                await RespondAndCloseAsync(downstream, NoDeploymentResponse, cancellationToken);
                return;
            }
            using var upstreamClient = new TcpClient { NoDelay = true };
            try
            {
                await upstreamClient.ConnectAsync(IPAddress.Loopback, targetPort.Value, cancellationToken);
            }
            catch (SocketException)
            {
                await RespondAndCloseAsync(downstream, BadGatewayResponse, cancellationToken);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var upstream = upstreamClient.GetStream();
            using var pair = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var toUpstream = CopyThenHalfCloseAsync(downstream, upstreamClient.Client, upstream, pair.Token);
            var toDownstream = CopyThenHalfCloseAsync(upstream, client.Client, downstream, pair.Token);
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
        CancellationToken cancellationToken)
    {
        try
        {
            await source.CopyToAsync(destination, 81920, cancellationToken);
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
