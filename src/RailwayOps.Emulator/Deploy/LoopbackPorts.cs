using System.Net;
using System.Net.Sockets;

namespace RailwayOps.Emulator.Deploy;

public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago (the OS picks it, so collisions are unlikely).</summary>
    public static int PickFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
