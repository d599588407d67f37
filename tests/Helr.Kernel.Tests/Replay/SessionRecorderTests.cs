using System.Net;
using System.Text;
using Helr.Kernel.Replay;
using Xunit;

namespace Helr.Kernel.Tests.Replay;

public sealed class SessionRecorderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-recorder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_key_in_the_url_query_is_cut_from_the_next_link_and_the_body_that_echo_it()
    {
        // url: https://api.example.com/logs?token=${KEY}: the key is under "url" in the config, so
        // only the request URL says it is a credential. Vendors echo it in their next links.
        const string key = "qs-key-8f3a91c2";
        var request = new HttpRequestMessage(HttpMethod.Get, $"https://api.example.com/logs?token={key}&limit=5");
        request.Options.Set(RequestSnapshot.Key, await RequestSnapshot.TakeAsync(request, CancellationToken.None));
        var next = $"https://api.example.com/logs?token={key}&page=2";
        var body = Encoding.UTF8.GetBytes($$"""{"events":[{"id":1}],"next":"{{next}}"}""");
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(body) };
        response.Headers.TryAddWithoutValidation("Link", $"<{next}>; rel=\"next\"");

        new SessionRecorder(_dir, []).Record("s1", response, body, tokenResponse: false);

        var file = File.ReadAllText(Path.Combine(_dir, "s1", "000.json"));
        var stored = RecordingFile.Read(Path.Combine(_dir, "s1", "000.json"));
        Assert.DoesNotContain(key, file);
        Assert.DoesNotContain(key, Encoding.UTF8.GetString(stored.Body));
        Assert.Contains("page=2", stored.Headers["link"]);
    }
}
