using System.Collections.Concurrent;

namespace RailwayOps.Emulator.Graph;

/// <summary>The open subscription sockets, so a fault or shutdown can cut them off.</summary>
public sealed class OpenSockets
{
    private readonly ConcurrentDictionary<HttpContext, byte> _open = new();

    public int Count => _open.Count;

    public void Add(HttpContext context) => _open[context] = 0;

    public void Remove(HttpContext context) => _open.TryRemove(context, out _);

    /// <summary>Drops up to <paramref name="count"/> sockets (-1: all) without a closing handshake.</summary>
    public int Drop(int count)
    {
        var dropped = 0;
        foreach (var context in _open.Keys)
        {
            if (count >= 0 && dropped >= count)
                break;
            if (_open.TryRemove(context, out _))
            {
                context.Abort();
                dropped++;
            }
        }
        return dropped;
    }
}
