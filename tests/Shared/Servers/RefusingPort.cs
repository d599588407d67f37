using System.Net;
using System.Net.Sockets;

namespace Helr.Tests.Servers;

/// <summary>
/// A loopback port where every connection is refused, reserved for as long as this lives: a socket
/// bound to port 0 that never listens (Linux answers a connect to it with a reset). Stopping a server
/// to get a "closed" port instead would free the port for any other process to take meanwhile.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public void Dispose() => _socket.Dispose();
}
