using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Helr.Kernel.Config;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Polling;

/// <summary>
/// <c>on_invalid_utf8</c>. Unset: invalid UTF-8 is a parse error (so <c>on_parse_error</c> decides).
/// <c>fail</c>: the page fails whatever <c>on_parse_error</c> says. <c>replace</c>: each invalid
/// sequence becomes U+FFFD. <c>escape</c>: each invalid byte becomes the text <c>\xHH</c> (written
/// <c>\\xHH</c> in the JSON), so the original bytes can be recovered.
/// </summary>
internal static class Utf8Repair
{
    /// <summary>The body to parse: <paramref name="body"/> itself when valid, else a repaired copy (or an exception).</summary>
    public static ReadOnlyMemory<byte> Apply(ReadOnlyMemory<byte> body, InvalidUtf8Policy policy, out int invalidSequences)
    {
        invalidSequences = 0;
        if (Utf8.IsValid(body.Span)) return body;
        switch (policy)
        {
            case InvalidUtf8Policy.Strict:
                throw new EventFormatException($"response body is not valid UTF-8 (first bad byte at offset {FirstInvalid(body.Span)})");
            case InvalidUtf8Policy.Fail:
                throw new PollException($"response body is not valid UTF-8 (first bad byte at offset {FirstInvalid(body.Span)}; on_invalid_utf8: fail)");
        }
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        var span = body.Span;
        while (!span.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(span, out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                output.Write(span[..consumed]);
            }
            else
            {
                invalidSequences++;
                if (policy == InvalidUtf8Policy.Replace) output.Write("\uFFFD"u8);
                else foreach (var b in span[..consumed]) output.Write(Encoding.ASCII.GetBytes($"\\\\x{b:X2}"));
            }
            span = span[consumed..];
        }
        return output.WrittenMemory;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length && Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) == OperationStatus.Done) offset += consumed;
        return offset;
    }
}
