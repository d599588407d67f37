using System.Text;

namespace Helr.PluginSdk.Testing;

/// <summary>Large response bodies generated while they are sent (for size-limit and streaming tests).</summary>
public static class GeneratedBody
{
    private static readonly byte[] Element = Encoding.UTF8.GetBytes("{\"id\":\"g\",\"pad\":\"" + new string('x', 1000) + "\"},");

    /// <summary>
    /// A valid JSON array exactly <paramref name="totalBytes"/> long (at least 3): repeated
    /// <c>{"id":"g","pad":"xxx…"},</c> elements, spaces, and a final <c>0</c>, written in 64 KiB chunks
    /// and never held whole in memory. <paramref name="sent"/> is told the bytes written so far, so a
    /// test can see how much a client read before hanging up.
    /// </summary>
    public static FakeResponse JsonArray(long totalBytes, Action<long>? sent = null) => FakeResponse.Streamed(async (stream, ct) =>
    {
        var chunk = new byte[64 * 1024];
        long position = 0;
        while (position < totalBytes)
        {
            var n = (int)Math.Min(chunk.Length, totalBytes - position);
            for (var i = 0; i < n; i++) chunk[i] = ByteAt(position + i, totalBytes);
            await stream.WriteAsync(chunk.AsMemory(0, n), ct);
            position += n;
            sent?.Invoke(position);
        }
    }, totalBytes);

    private static byte ByteAt(long position, long total)
    {
        if (position == 0) return (byte)'[';
        if (position == total - 1) return (byte)']';
        if (position == total - 2) return (byte)'0';
        var inner = total - 3; // between '[' and the final "0]"
        var whole = inner / Element.Length * Element.Length;
        var p = position - 1;
        return p < whole ? Element[p % Element.Length] : (byte)' ';
    }
}
