namespace Helr.Plugins.Slack.Tests.Support;

/// <summary>A fake Slack: <c>/audit/v1/logs</c> answers by the request's <c>cursor</c> ("" for none).</summary>
internal sealed class SlackApi
{
    private readonly Dictionary<string, Func<FakeResponse>> _pages = new();

    public SlackApi(FakeVendorServer server)
    {
        Server = server;
        server.OnGet("/audit/v1/logs", r =>
        {
            if (r.Header("Authorization") != "Bearer " + FakeEnvironment.Token) return PluginTestFiles.Json("error-invalid-auth.json");
            lock (_pages)
                return _pages.TryGetValue(r.Param("cursor") ?? "", out var page) ? page() : PluginTestFiles.Json("error-invalid-cursor.json");
        });
    }

    public FakeVendorServer Server { get; }

    public string Url => Server.Url("/audit/v1/logs");

    public SlackApi Page(string cursor, string file) => Page(cursor, () => PluginTestFiles.Json(file));

    public SlackApi Page(string cursor, Func<FakeResponse> response)
    {
        lock (_pages) _pages[cursor] = response;
        return this;
    }

    public static string Yaml(string url, string extra = "") => $"""
        url: {url}
        auth:
          type: bearer
          token_env: SLACK_AUDIT_TOKEN
        {extra}
        """;
}
