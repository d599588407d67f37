using System.Text;

namespace Helr.Kernel.Replay;

// Bodies that are not UTF-8 text: a Latin-1 page (what on_invalid_utf8 repairs) quotes a credential as well as a UTF-8 one.
internal sealed partial class RecordingRedactor
{
    // Each known secret's UTF-8 bytes replaced by [REDACTED]'s; every other byte kept as it came, so the
    // recording still holds the invalid bytes a replay of on_invalid_utf8 needs.
    private byte[] ScrubBytes(byte[] body)
    {
        var redacted = Encoding.UTF8.GetBytes(Redacted);
        foreach (var secret in _ordered)
        {
            var needle = Encoding.UTF8.GetBytes(secret);
            var at = body.AsSpan().IndexOf(needle);
            if (at < 0) continue;
            var output = new MemoryStream(body.Length);
            var rest = body.AsSpan();
            while (at >= 0)
            {
                output.Write(rest[..at]);
                output.Write(redacted);
                rest = rest[(at + needle.Length)..];
                at = rest.IndexOf(needle);
            }
            output.Write(rest);
            body = output.ToArray();
        }
        return body;
    }
}
