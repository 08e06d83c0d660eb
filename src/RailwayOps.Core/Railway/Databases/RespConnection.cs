using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace RailwayOps.Core.Railway;

/// <summary>
/// A minimal Redis (RESP2) client over one TCP connection: commands as arrays of bulk strings, answers read as simple
/// strings, errors, integers, bulk strings (binary, for DUMP payloads) and arrays. Enough for AUTH, PING, SCAN, PTTL,
/// DUMP and RESTORE; an error answer is a <see cref="RespException"/>.
/// </summary>
public sealed class RespConnection : IDisposable
{
    private readonly TcpClient client;
    private readonly BufferedStream stream;
    private readonly string endpoint;

    private RespConnection(TcpClient client, string endpoint)
    {
        this.client = client;
        this.endpoint = endpoint;
        stream = new BufferedStream(client.GetStream(), 64 * 1024);
    }

    public static async Task<RespConnection> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new RespConnection(client, $"{host}:{port}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and reads its answer: string, long, byte[] (bulk), object?[] (array) or null.</summary>
    public async Task<object?> CommandAsync(CancellationToken cancellationToken, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var header = Encoding.ASCII.GetBytes("*" + arguments.Length.ToString(CultureInfo.InvariantCulture) + "\r\n");
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        foreach (var argument in arguments)
        {
            var bytes = argument as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(argument, CultureInfo.InvariantCulture) ?? string.Empty);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("$" + bytes.Length.ToString(CultureInfo.InvariantCulture) + "\r\n"), cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?> ReadAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case '-':
                throw new RespException(string.Format(CultureInfo.InvariantCulture, DatabaseMessages.RespError, endpoint, body), body);
            case ':':
                return long.Parse(body, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(body, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var data = new byte[length + 2];
                await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
                return data.AsSpan(0, length).ToArray();
            case '*':
                var count = int.Parse(body, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadAsync(cancellationToken).ConfigureAwait(false);
                }

                return items;
            default:
                throw new IOException(string.Format(CultureInfo.InvariantCulture, DatabaseMessages.RespError, endpoint, "an answer that is not RESP"));
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException(string.Format(CultureInfo.InvariantCulture, DatabaseMessages.RespClosed, endpoint));
            }

            if (one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)one[0]);
        }
    }

    /// <summary>A bulk or simple string answer as text.</summary>
    public static string? Text(object? answer) => answer switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    public void Dispose()
    {
        stream.Dispose();
        client.Dispose();
    }
}

/// <summary>An error answer from Redis (<c>-ERR ...</c>, <c>-LOADING ...</c>).</summary>
public sealed class RespException : Exception
{
    public RespException(string message, string error)
        : base(message)
    {
        Error = error;
    }

    /// <summary>The error as Redis sent it (its first word is the error's kind).</summary>
    public string Error { get; }
}
