using System.Text.Json;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// A GraphQL audit API shaped like Andromeda's: <c>POST /graphql</c> with <c>query</c> and
/// <c>variables.pageArgs {skip, pageSize}</c>, newest event first, behind a session cookie that
/// <c>POST /login/access-key</c> hands out for the right token.
/// </summary>
internal sealed class GraphqlFakeApi
{
    public const string Token = "pat-123";
    public const string Session = "andromeda_session=s-42";

    private readonly List<(string Id, string Time)> _newestFirst = new();
    private readonly object _lock = new();

    private GraphqlFakeApi(FakeVendorServer server) => Server = server;

    public FakeVendorServer Server { get; }

    public List<(int Skip, int PageSize)> Pages { get; } = new();

    public static GraphqlFakeApi Start(FakeVendorServer server, int events)
    {
        var api = new GraphqlFakeApi(server);
        api.Add(events);
        server.OnPost("/login/access-key", r => JsonDocument.Parse(r.Body).RootElement.GetProperty("code").GetString() == Token
            ? FakeResponse.Json("""{"ok":true}""").WithHeader("Set-Cookie", Session + "; Path=/; HttpOnly; Secure")
            : FakeResponse.Json("""{"error":"bad token"}""", 401));
        server.OnPost("/graphql", api.Answer);
        return api;
    }

    /// <summary>Adds <paramref name="count"/> events newer than all before, one second apart.</summary>
    public void Add(int count)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                var n = _newestFirst.Count + 1;
                _newestFirst.Insert(0, ($"evt-{n:D4}", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(n).ToString("yyyy-MM-ddTHH:mm:ssZ")));
            }
        }
    }

    private FakeResponse Answer(RecordedRequest request)
    {
        if (request.Header("Cookie") != Session) return FakeResponse.Json("""{"errors":[{"message":"not authenticated"}]}""", 401);
        using var doc = JsonDocument.Parse(request.Body);
        var root = doc.RootElement;
        if (!root.GetProperty("query").GetString()!.Contains("AndromedaEvents(", StringComparison.Ordinal))
            return FakeResponse.Json("""{"errors":[{"message":"unknown query"}]}""");
        var args = root.GetProperty("variables").GetProperty("pageArgs");
        var (skip, size) = (args.GetProperty("skip").GetInt32(), args.GetProperty("pageSize").GetInt32());
        List<(string Id, string Time)> page;
        lock (_lock)
        {
            Pages.Add((skip, size));
            page = _newestFirst.Skip(skip).Take(size).ToList();
        }
        var edges = page.Select(e => new
        {
            node = new { id = e.Id, type = "AUDIT", name = "login", time = e.Time, actor = "alice", level = "INFO", subtype = "web", eventPrimaryKey = e.Id, __typename = "AndromedaEvent" },
            __typename = "AndromedaEventEdge",
        });
        return FakeResponse.Json(JsonSerializer.Serialize(new { data = new { AndromedaEvents = new { edges, __typename = "AndromedaEventConnection" } } }));
    }
}
