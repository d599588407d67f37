using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Replay;

/// <summary>
/// A fake API with four sources' worth of endpoints, each checking its credential: link_header
/// (bearer), cursor GET (API key header, echoed back in the body as careless APIs do), cursor POST
/// (basic auth) and an oauth2 token endpoint with the API it unlocks.
/// </summary>
internal static class RecordingApi
{
    public const string LinkToken = "link-T0ken-aaaa1111";
    public const string ApiKey = "curs0r-Key-bbbb2222";
    public const string User = "post-user";
    public const string Password = "p0st-Passw0rd-cccc";
    public const string ClientId = "oauth-client-dddd";
    public const string ClientSecret = "0auth-Secr3t-eeee4444";
    public const string AccessToken = "issued-Acc3ss-ffff5555";
    public const string RefreshToken = "issued-Refr3sh-gggg6666";

    public static IReadOnlyList<string> Secrets { get; } =
        [LinkToken, ApiKey, Password, ClientSecret, AccessToken, RefreshToken, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"))];

    public static Dictionary<string, string?> Env => new()
    {
        ["RR_LINK_TOKEN"] = LinkToken, ["RR_API_KEY"] = ApiKey, ["RR_USER"] = User, ["RR_PASSWORD"] = Password,
        ["RR_CLIENT_ID"] = ClientId, ["RR_CLIENT_SECRET"] = ClientSecret,
    };

    public static void Serve(FakeVendorServer api)
    {
        api.OnGet("/links", r =>
        {
            if (r.Header("Authorization") != "Bearer " + LinkToken) return FakeResponse.Json("""{"error":"unauthorized"}""", 401);
            var page = int.Parse(r.Param("page") ?? "0");
            var body = FakeResponse.Json($$"""[{"id":"l{{page}}a","ts":"2026-01-0{{page + 1}}T00:00:00Z"},{"id":"l{{page}}b","ts":"2026-01-0{{page + 1}}T00:00:01Z"}]""");
            return page < 2 ? body.WithNext(api.Url($"/links?page={page + 1}")) : body;
        });
        api.OnGet("/cursor", r =>
        {
            if (r.Header("X-Api-Key") != ApiKey) return FakeResponse.Json("""{"error":"bad key"}""", 401);
            return r.Param("cursor") switch
            {
                null => FakeResponse.Json($$$"""{"data":[{"id":"c1","ts":"2026-02-01T00:00:00Z"}],"next":"k2","debug":{"key_seen":"{{{ApiKey}}}"}}"""),
                "k2" => FakeResponse.Json("""{"data":[{"id":"c2","ts":"2026-02-02T00:00:00Z"}],"next":null}"""),
                _ => FakeResponse.Json("""{"error":"unexpected cursor"}""", 400),
            };
        });
        api.OnPost("/search", r =>
        {
            var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"));
            if (r.Header("Authorization") != basic) return FakeResponse.Json("""{"error":"unauthorized"}""", 401);
            return r.Body.Contains("\"page\":\"p2\"")
                ? FakeResponse.Json("""{"results":[{"id":"p2","ts":"2026-03-02T00:00:00Z"}]}""")
                : FakeResponse.Json("""{"results":[{"id":"p1","ts":"2026-03-01T00:00:00Z"}],"cursor":"p2"}""");
        });
        api.OnPost("/oauth/token", r => r.Body.Contains("client_secret=" + ClientSecret)
            ? FakeResponse.Json($$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","expires_in":3600,"refresh_token":"{{RefreshToken}}"}""")
            : FakeResponse.Json("""{"error":"invalid_client"}""", 401));
        api.OnGet("/audit", r => r.Header("Authorization") == "Bearer " + AccessToken
            ? FakeResponse.Json("""{"events":[{"id":"o1","ts":"2026-04-01T00:00:00Z"},{"id":"o2","ts":"2026-04-01T00:00:02Z"}]}""")
            : FakeResponse.Json("""{"error":"unauthorized"}""", 401));
    }

    /// <summary>The config of the four sources against <paramref name="api"/>, state in <paramref name="dir"/>.</summary>
    public static string Config(FakeVendorServer api, TempDir dir) => $$"""
        {{dir.SqliteStateGlobal}}
        sources:
          links:
            url: {{api.Url("/links")}}
            transform:
              timestamp_field: ts
            auth:
              type: bearer
              token_env: RR_LINK_TOKEN
            pagination:
              strategy: link_header
          cursor:
            url: {{api.Url("/cursor")}}
            transform:
              timestamp_field: ts
            response_events_path: data
            headers:
              X-Api-Key: ${RR_API_KEY}
            pagination:
              strategy: cursor
              cursor_param: cursor
              cursor_path: next
          post:
            url: {{api.Url("/search")}}
            method: post
            body:
              query: "type:login"
            transform:
              timestamp_field: ts
            response_events_path: results
            auth:
              type: basic
              user_env: RR_USER
              password_env: RR_PASSWORD
            pagination:
              strategy: cursor
              cursor_param: page
              cursor_path: cursor
          oauth:
            url: {{api.Url("/audit")}}
            transform:
              timestamp_field: ts
            response_events_path: events
            auth:
              type: oauth2
              token_url: {{api.Url("/oauth/token")}}
              client_id_env: RR_CLIENT_ID
              client_secret_env: RR_CLIENT_SECRET
        """;
}
