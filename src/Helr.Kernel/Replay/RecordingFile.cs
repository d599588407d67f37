using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Helr.Kernel.Replay;

/// <summary>
/// Reads and writes one <c>NNN.json</c>. Upstream's fields (url, status, headers, body_base64) are
/// always written, so upstream Helr replays our recordings; ours beside them are optional on read, so
/// we replay upstream's.
/// </summary>
internal static class RecordingFile
{
    public static byte[] Write(RecordedExchange exchange)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("url", exchange.Url);
            json.WriteNumber("status", exchange.Status);
            WriteMap(json, "headers", exchange.Headers);
            json.WriteString("body_base64", Convert.ToBase64String(exchange.Body));
            // The same body once more, readable, when it is JSON: body_base64 stays what replay serves.
            if (ParsesAsJson(exchange.Body))
            {
                using var body = JsonDocument.Parse(exchange.Body);
                json.WritePropertyName("body");
                body.RootElement.WriteTo(json);
            }
            json.WriteString("method", exchange.Method);
            if (exchange.RequestUrl is not null) json.WriteString("request_url", exchange.RequestUrl);
            WriteMap(json, "request_headers", exchange.RequestHeaders);
            if (exchange.RequestBody is not null) json.WriteString("request_body", exchange.RequestBody);
            if (exchange.TokenResponse) json.WriteBoolean("token_response", true);
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>Reads <paramref name="path"/>; a truncated or malformed file throws <see cref="RecordingException"/> naming it.</summary>
    public static RecordedExchange Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new RecordingException($"{path}: not a JSON object");
            var url = Text(root, "url", path) ?? throw new RecordingException($"{path}: \"url\" is missing");
            if (!root.TryGetProperty("status", out var status) || !status.TryGetInt32(out var code))
                throw new RecordingException($"{path}: \"status\" is missing or not a number");
            return new RecordedExchange
            {
                Url = url,
                Status = code,
                Headers = Map(root, "headers", path),
                Body = Body(root, path),
                Method = Text(root, "method", path) ?? "GET",
                RequestUrl = Text(root, "request_url", path),
                RequestHeaders = Map(root, "request_headers", path),
                RequestBody = Text(root, "request_body", path),
                TokenResponse = root.TryGetProperty("token_response", out var token) && token.ValueKind == JsonValueKind.True,
                File = path,
            };
        }
        catch (JsonException ex)
        {
            throw new RecordingException($"{path}: not valid JSON (truncated?): {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new RecordingException($"{path}: cannot read: {ex.Message}");
        }
    }

    public static bool ParsesAsJson(byte[] body)
    {
        if (body.Length == 0 || !Utf8.IsValid(body)) return false;
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Body(JsonElement root, string path)
    {
        if (root.TryGetProperty("body_base64", out var b64) && b64.ValueKind == JsonValueKind.String)
        {
            try
            {
                return Convert.FromBase64String(b64.GetString()!);
            }
            catch (FormatException)
            {
                throw new RecordingException($"{path}: \"body_base64\" is not valid base64");
            }
        }
        // A hand-edited recording may carry only the readable body.
        if (root.TryGetProperty("body", out var body)) return Encoding.UTF8.GetBytes(body.GetRawText());
        throw new RecordingException($"{path}: has neither \"body_base64\" nor \"body\"");
    }

    private static string? Text(JsonElement root, string name, string path) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new RecordingException($"{path}: \"{name}\" must be a string");

    private static Dictionary<string, string> Map(JsonElement root, string name, string path)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return map;
        if (value.ValueKind != JsonValueKind.Object) throw new RecordingException($"{path}: \"{name}\" must be an object");
        foreach (var p in value.EnumerateObject()) map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return map;
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (var (k, v) in map) json.WriteString(k, v);
        json.WriteEndObject();
    }
}
