namespace Helr.Plugins.Okta.Tests.Support;

/// <summary>
/// A fake Okta org: <c>/api/v1/logs</c> answers by the <c>after</c> cursor of the request, with
/// Okta's next link (always present in polling mode, even on an empty page).
/// </summary>
internal sealed class OktaApi
{
    private readonly Dictionary<string, (string File, string Next)> _pages = new();

    public OktaApi(FakeVendorServer server)
    {
        Server = server;
        server.OnGet("/api/v1/logs", r =>
        {
            if (r.Header("Authorization") != "SSWS " + FakeEnvironment.Token) return PluginTestFiles.Json("error-invalid-token.json", 401);
            var after = r.Param("after") ?? "";
            lock (_pages)
            {
                if (!_pages.TryGetValue(after, out var page)) return FakeResponse.Json("""{"errorCode":"E0000001","errorSummary":"unknown cursor in test"}""", 400);
                return PluginTestFiles.Json(page.File).WithNext(Server.Url($"/api/v1/logs?limit=1000&after={page.Next}"));
            }
        });
    }

    public FakeVendorServer Server { get; }

    public string Url => Server.Url("/api/v1/logs");

    /// <summary>Serves <paramref name="file"/> for cursor <paramref name="after"/> ("" for a request without one), linking to <paramref name="next"/>.</summary>
    public OktaApi Page(string after, string file, string next)
    {
        lock (_pages) _pages[after] = (file, next);
        return this;
    }

    public string Link(string after) => Server.Url($"/api/v1/logs?limit=1000&after={after}");

    public static string Yaml(string url, string extra = "") => $"""
        url: {url}
        auth:
          type: bearer
          token_env: OKTA_API_TOKEN
        {extra}
        """;
}
