using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// A keep-alive HTTP/1.1 server on loopback that answers every request with <c>[]</c> and counts the
/// TCP connections it accepted: what a vendor API sees of a client's connection reuse. With a
/// <c>hold</c> task it answers nothing until that task completes, so requests pile up in flight.
/// </summary>
internal sealed class CountingHttpServer : IAsyncDisposable
{
    private static readonly byte[] Answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]"u8.ToArray();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Task _hold;
    private int _connections;
    private readonly SemaphoreSlim _arrived = new(0);
    private int _requests;

    public CountingHttpServer(Task? hold = null)
    {
        _hold = hold ?? Task.CompletedTask;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Requests whose headers arrived (answered or held).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Waits until <paramref name="count"/> more requests have arrived; false after a minute without them (a hang guard).</summary>
    public async Task<bool> ArrivedAsync(int count)
    {
        for (var i = 0; i < count; i++)
            if (!await _arrived.WaitAsync(TimeSpan.FromMinutes(1))) return false;
        return true;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[8192];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                // GET requests only: each header block ends a request.
                int end;
                while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    pending.Remove(0, end + 4);
                    Interlocked.Increment(ref _requests);
                    _arrived.Release();
                    await _hold.WaitAsync(_stop.Token);
                    await stream.WriteAsync(Answer, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
    }
}
