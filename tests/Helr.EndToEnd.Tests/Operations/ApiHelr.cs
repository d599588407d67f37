using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>A continuous <c>helr run</c> with its API server on a free port (<c>port: 0</c>), and a client for it.</summary>
public sealed partial class ApiHelr : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private ApiHelr(HelrProcess process, Uri url)
    {
        Process = process;
        Url = url;
    }

    public HelrProcess Process { get; }

    public Uri Url { get; }

    /// <summary>Starts helr and waits for its "api listening on" line.</summary>
    public static async Task<ApiHelr> StartAsync(string config, TempDir dir, IDictionary<string, string?>? env = null, string extraArgs = "")
    {
        var process = HelrProcess.Start($"run -c {config} {extraArgs}", dir.Path, env);
        await process.WaitForStderrAsync("api listening on ", TimeSpan.FromSeconds(60));
        var url = new UriBuilder(ListeningOn().Match(process.Stderr).Groups[1].Value);
        // Listening on every address: reach it through loopback (.NET will not connect to 0.0.0.0).
        if (url.Host == "0.0.0.0") url.Host = "127.0.0.1";
        return new ApiHelr(process, url.Uri);
    }

    /// <summary>The bearer token sent with every request (null: none).</summary>
    public string? Token { get; set; }

    /// <param name="fetchSite">A browser's <c>Sec-Fetch-Site</c> header, or null (not a browser).</param>
    /// <param name="host">The <c>Host</c> header to send instead of the address connected to, or null.</param>
    public async Task<(int Status, JsonNode? Body, string Text)> SendAsync(HttpMethod method, string path, string? fetchSite = null, string? host = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Url, path));
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        if (host is not null) request.Headers.Host = host;
        if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null;
        return ((int)response.StatusCode, json, text);
    }

    public Task<(int Status, JsonNode? Body, string Text)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonNode? Body, string Text)> PostAsync(string path) => SendAsync(HttpMethod.Post, path);

    /// <summary>GETs <paramref name="path"/> (every 100 ms) until <paramref name="condition"/> holds for its answer.</summary>
    public async Task<JsonNode> WaitForAsync(string path, Func<int, JsonNode, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (status, body, text) = await GetAsync(path);
            if (body is not null && condition(status, body)) return body;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{path} answered {status} {text} for {timeout}\n--- stderr ---\n{Process.Stderr}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
    }

    [GeneratedRegex(@"api listening on (http://\S+)")]
    private static partial Regex ListeningOn();
}
