namespace Helr.Plugins.GitHub.Tests.Support;

/// <summary>
/// A fake GitHub: <c>/orgs/octo-corp/audit-log</c> answers by the request's <c>after</c> cursor ("" for
/// none) for requests carrying <see cref="Bearer"/>, with GitHub's next link when a next page is set.
/// </summary>
internal sealed class GitHubApi
{
    public const string Path = "/orgs/octo-corp/audit-log";
    private readonly Dictionary<string, (Func<RecordedRequest, FakeResponse> Page, string? Next)> _pages = new();

    public GitHubApi(FakeVendorServer server, string bearer = FakeEnvironment.Token)
    {
        Server = server;
        Bearer = bearer;
        server.OnGet(Path, r =>
        {
            if (r.Header("Authorization") != "Bearer " + Bearer) return PluginTestFiles.Json("error-bad-credentials.json", 401);
            lock (_pages)
            {
                if (!_pages.TryGetValue(r.Param("after") ?? "", out var page)) return FakeResponse.Json("""{"message":"unknown cursor in test"}""", 422);
                var response = page.Page(r);
                return page.Next is null ? response : response.WithNext(Link(page.Next));
            }
        });
    }

    public FakeVendorServer Server { get; }

    public string Bearer { get; set; }

    public string Url => Server.Url(Path);

    public string Link(string after) => Server.Url($"{Path}?order=asc&per_page=100&after={after}");

    public GitHubApi Page(string after, string file, string? next = null) => Page(after, _ => PluginTestFiles.Json(file), next);

    public GitHubApi Page(string after, Func<RecordedRequest, FakeResponse> page, string? next = null)
    {
        lock (_pages) _pages[after] = (page, next);
        return this;
    }

    public static string Yaml(string url, string extra = "") => $"""
        url: {url}
        auth:
          type: bearer
          token_env: GITHUB_TOKEN
        {extra}
        """;
}
