using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Helr.Kernel.Replay;

/// <summary>
/// <c>helr replay to-fixture</c>: one source's recording as a single test fixture that
/// <c>RecordedFixture.Serve</c> (SDK test kit) serves on a fake server. The recorded API's origins
/// become <c>{{server}}</c>, so links point at whichever fake server serves the fixture.
/// </summary>
internal static class FixtureConverter
{
    public const string ServerPlaceholder = "{{server}}";

    /// <returns>How many exchanges were written.</returns>
    public static int Convert(string recordingDir, string sourceId, string outPath)
    {
        // Else a mistyped folder read as a source without a recording, inside a folder that is not there.
        if (!Directory.Exists(recordingDir))
            throw new RecordingException(File.Exists(recordingDir)
                ? $"{recordingDir} is a file, not a recording folder (give the folder given to --record-dir)"
                : $"the recording folder {recordingDir} does not exist");
        var folder = RecordingFolder.Find(recordingDir, sourceId);
        var files = Directory.Exists(folder) ? ReplaySession.Files(folder) : [];
        if (files.Count == 0) throw new RecordingException($"no recording for source \"{sourceId}\" (no *.json in {folder})");
        var exchanges = files.Select(RecordingFile.Read).ToList();
        var origins = exchanges.SelectMany(e => new[] { e.RequestUrl, e.Url })
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var url) ? url.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct().OrderByDescending(o => o.Length).ToList();
        // Also as JSON may escape it (https:\/\/api.example.com, as PHP writes links): a body keeps its escapes
        // until it is parsed, and links to the live API stayed in the fixture.
        string Local(string text) => origins.Aggregate(text, (t, o) => t.Replace(o, ServerPlaceholder, StringComparison.Ordinal)
            .Replace(o.Replace("/", "\\/", StringComparison.Ordinal), ServerPlaceholder, StringComparison.Ordinal));

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("helr_fixture", 1);
            json.WriteString("source", sourceId);
            json.WriteStartArray("exchanges");
            foreach (var e in exchanges)
            {
                var url = e.MatchUrl.IsAbsoluteUri ? e.MatchUrl : new Uri(new Uri("http://localhost"), e.MatchUrl);
                json.WriteStartObject();
                json.WriteString("file", Path.GetFileName(e.File));
                json.WriteString("method", e.Method);
                json.WriteString("path", url.AbsolutePath);
                json.WriteString("query", url.Query);
                if (e.RequestBody is not null) json.WriteString("request_body", Local(e.RequestBody));
                if (e.TokenResponse) json.WriteBoolean("token_response", true);
                json.WriteNumber("status", e.Status);
                json.WriteStartObject("headers");
                foreach (var (name, value) in e.Headers) json.WriteString(name, Local(value));
                json.WriteEndObject();
                WriteBody(json, e.Body, Local);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllBytes(outPath, [.. stream.ToArray(), (byte)'\n']);
        return exchanges.Count;
    }

    // JSON bodies stay JSON (readable, diffable), other text stays text, binary stays base64.
    private static void WriteBody(Utf8JsonWriter json, byte[] body, Func<string, string> local)
    {
        if (!Utf8.IsValid(body))
        {
            json.WriteString("body_base64", System.Convert.ToBase64String(body));
            return;
        }
        var text = local(Encoding.UTF8.GetString(body));
        if (RecordingFile.ParsesAsJson(Encoding.UTF8.GetBytes(text)))
        {
            using var doc = JsonDocument.Parse(text);
            json.WritePropertyName("body");
            doc.RootElement.WriteTo(json);
        }
        else json.WriteString("body_text", text);
    }
}
