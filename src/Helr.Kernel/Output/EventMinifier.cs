using System.Buffers;

namespace Helr.Kernel.Output;

/// <summary>Puts an event that spans several lines on one, as an NDJSON line must be.</summary>
internal sealed class EventMinifier
{
    private readonly ArrayBufferWriter<byte> _minified = new();

    /// <summary>The event without its whitespace outside strings (valid until the next call); string contents, escapes included, are copied untouched.</summary>
    public ReadOnlySpan<byte> Minify(ReadOnlySpan<byte> evt)
    {
        _minified.ResetWrittenCount();
        var span = _minified.GetSpan(evt.Length);
        var n = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in evt)
        {
            if (inString)
            {
                span[n++] = b;
                if (escaped) escaped = false;
                else if (b == (byte)'\\') escaped = true;
                else if (b == (byte)'"') inString = false;
                continue;
            }
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') continue;
            if (b == (byte)'"') inString = true;
            span[n++] = b;
        }
        return span[..n];
    }
}
