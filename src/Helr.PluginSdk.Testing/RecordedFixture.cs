using System.Text;
using System.Text.Json;

namespace Helr.PluginSdk.Testing;

/// <summary>
/// A fixture made from a recorded session by <c>helr replay to-fixture</c> (docs/replay.md): every
/// response a source received, in order. Served on a <see cref="FakeVendorServer"/>, it turns a
/// user's recording into a regression test.
/// </summary>
public static class RecordedFixture
{
    /// <summary>The text the converter puts where the recorded API's origin was (in links and bodies).</summary>
    public const string ServerPlaceholder = "{{server}}";

    /// <summary>
    /// Answers each method and path of the fixture <paramref name="fixtureJson"/> on
    /// <paramref name="server"/> with its recorded responses in order (the last one again once they
    /// run out), whatever the query; <see cref="ServerPlaceholder"/> becomes the server's address.
    /// </summary>
    public static void Serve(FakeVendorServer server, string fixtureJson)
    {
        var origin = server.BaseUrl.GetLeftPart(UriPartial.Authority);
        using var doc = JsonDocument.Parse(fixtureJson);
        var groups = doc.RootElement.GetProperty("exchanges").EnumerateArray()
            .GroupBy(e => (Method: e.GetProperty("method").GetString()!, Path: e.GetProperty("path").GetString()!))
            .ToList();
        foreach (var group in groups)
        {
            var responses = group.Select(e => ToResponse(e, origin)).ToArray();
            server.OnSequence(group.Key.Method, group.Key.Path, responses);
        }
    }

    /// <summary><see cref="Serve"/> with the fixture <c>testdata/<paramref name="name"/></c> (see <see cref="PluginTestFiles"/>).</summary>
    public static void ServeTestdata(FakeVendorServer server, string name) => Serve(server, PluginTestFiles.Read(name));

    private static FakeResponse ToResponse(JsonElement exchange, string origin)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var contentType = "application/json";
        if (exchange.TryGetProperty("headers", out var recorded))
        {
            foreach (var h in recorded.EnumerateObject())
            {
                var value = h.Value.GetString()!.Replace(ServerPlaceholder, origin, StringComparison.Ordinal);
                if (h.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase)) contentType = value;
                else headers.Add(new(h.Name, value));
            }
        }
        byte[] body;
        if (exchange.TryGetProperty("body", out var json)) body = Encoding.UTF8.GetBytes(json.GetRawText().Replace(ServerPlaceholder, origin, StringComparison.Ordinal));
        else if (exchange.TryGetProperty("body_text", out var text)) body = Encoding.UTF8.GetBytes(text.GetString()!.Replace(ServerPlaceholder, origin, StringComparison.Ordinal));
        else body = Convert.FromBase64String(exchange.GetProperty("body_base64").GetString()!);
        return new FakeResponse { Status = exchange.GetProperty("status").GetInt32(), Body = body, ContentType = contentType, Headers = headers };
    }
}
