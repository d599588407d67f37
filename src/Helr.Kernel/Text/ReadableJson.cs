using System.Text.Encodings.Web;
using System.Text.Json;

namespace Helr.Kernel.Text;

/// <summary>
/// JSON that people read (state export, <c>state set</c>, <c>plugins list --json</c>): escaped only as
/// JSON requires. The default encoder is made for embedding in HTML and writes a URL's <c>&amp;</c> as
/// <c>\u0026</c> and a quote inside a value as <c>\u0022</c>; nothing here is embedded in HTML.
/// </summary>
internal static class ReadableJson
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };
}
