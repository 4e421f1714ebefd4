using System.Net;
using System.Net.Sockets;

namespace FacePortal.Tests.TestSupport;

/// <summary>Loopback ports for servers a test starts (silos, Redis), so parallel tests and other runs on the machine never collide.</summary>
public static class LoopbackPorts
{
    /// <summary>A TCP port nothing on loopback listens on now (the OS's pick).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
