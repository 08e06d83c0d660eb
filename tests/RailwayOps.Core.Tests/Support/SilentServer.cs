using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RailwayOps.Core.Tests.Support;

/// <summary>
/// A loopback endpoint that accepts every connection, reads whatever is sent and never answers: a blackholed
/// API behind a proxy that holds the connection open. It counts the connections and the bytes it received.
/// </summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentBag<TcpClient> held = new();
    private readonly Task acceptLoop;
    private int connections;
    private long bytes;

    public SilentServer()
    {
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/graphql/v2");

    public int Connections => Volatile.Read(ref connections);

    public long BytesReceived => Interlocked.Read(ref bytes);

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

            Interlocked.Increment(ref connections);
            held.Add(client);
            _ = DrainAsync(client);
        }
    }

    private async Task DrainAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, stop.Token)) > 0)
            {
                Interlocked.Add(ref bytes, read);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client gave up, or the server is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        foreach (var client in held)
        {
            client.Dispose();
        }

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
