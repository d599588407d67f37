namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>
/// What a script logs or throws goes to Helr's log and the source's last error (health, REST API):
/// the credentials hooks hold are cut out there, as from Helr's own messages.
/// </summary>
public class HookSecretTests
{
    private const string EnvToken = "env-token-7f3a9c1e";
    private const string LoginToken = "login-token-42b8d0aa";

    [Fact]
    public async Task Credentials_a_script_logs_or_throws_are_redacted()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        Environment.SetEnvironmentVariable("HELR_HOOK_TEST_API_TOKEN", EnvToken);
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            headers:
              X-Api-Key: header-key-5e6f7a8b
            """, $$"""
            function getAuth(ctx) { return { headers: { Authorization: "Bearer {{LoginToken}}" }, cookie: "sid=cookie-1d2c3b4a" }; }
            function parseResponse(ctx, response) {
              console.log("env", ctx.env.HELR_HOOK_TEST_API_TOKEN, "headers", ctx.headers);
              console.warn({ auth: "Bearer {{LoginToken}}", cookie: "sid=cookie-1d2c3b4a" });
              throw new Error("login refused {{LoginToken}} with " + ctx.env.HELR_HOOK_TEST_API_TOKEN);
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.StartsWith("hook parseResponse in script_inline failed: login refused [REDACTED] with [REDACTED]", cycle.Error);
        var log = string.Join("\n", cycle.Log);
        Assert.Contains("[REDACTED]", log);
        foreach (var secret in new[] { EnvToken, LoginToken, "header-key-5e6f7a8b", "cookie-1d2c3b4a" })
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(secret, cycle.Error);
        }
    }

    // DB_PASS, a GPG passphrase or a Sentry DSN (which holds a password) said nothing the list knew:
    // a script logging ctx.env wrote them out as they are.
    [Fact]
    public async Task Variables_named_pass_passphrase_or_dsn_are_redacted_but_bypass_is_not()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        Environment.SetEnvironmentVariable("HELR_HOOK_TEST_DB_PASS", "db-pass-3c9e1f7a");
        Environment.SetEnvironmentVariable("HELR_HOOK_TEST_GPG_PASSPHRASE", "gpg-phrase-8b2d4e6f");
        Environment.SetEnvironmentVariable("HELR_HOOK_TEST_SENTRY_DSN", "https://k:dsn-pw-5a7c9e1b@sentry.example/1");
        Environment.SetEnvironmentVariable("HELR_HOOK_TEST_BYPASS", "bypass-on-for-tests");
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function parseResponse(ctx, response) {
              console.log("env", ctx.env.HELR_HOOK_TEST_DB_PASS, ctx.env.HELR_HOOK_TEST_GPG_PASSPHRASE,
                ctx.env.HELR_HOOK_TEST_SENTRY_DSN, ctx.env.HELR_HOOK_TEST_BYPASS);
              return [];
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var log = string.Join("\n", cycle.Log);
        foreach (var secret in new[] { "db-pass-3c9e1f7a", "gpg-phrase-8b2d4e6f", "dsn-pw-5a7c9e1b" }) Assert.DoesNotContain(secret, log);
        Assert.Contains("bypass-on-for-tests", log);
    }

    // HTTPS_PROXY's name says nothing secret, but its URL may carry the proxy's password. Mixed case here:
    // the test process's own HTTP clients read only HTTPS_PROXY/https_proxy and ALL_PROXY/all_proxy.
    [Fact]
    public async Task A_proxy_variables_password_is_redacted_and_the_script_still_reads_the_variable()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        Environment.SetEnvironmentVariable("Https_Proxy", "http://proxy-user:proxy-pw-4e1a9c7b@proxy.example:3128");
        Environment.SetEnvironmentVariable("All_Proxy", "socks5://ops:all-pw-2b8d6f0e@socks.example:1080");
        try
        {
            using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
                function parseResponse(ctx, response) {
                  console.log("proxies", ctx.env.Https_Proxy, ctx.env.All_Proxy);
                  throw new Error("cannot reach " + ctx.env.Https_Proxy + " or " + ctx.env.All_Proxy);
                }
                """, api);

            var cycle = await harness.RunCycleAsync();

            Assert.NotNull(cycle.Error);
            var log = string.Join("\n", cycle.Log);
            foreach (var text in new[] { log, cycle.Error })
            {
                Assert.DoesNotContain("proxy-pw-4e1a9c7b", text);
                Assert.DoesNotContain("all-pw-2b8d6f0e", text);
                Assert.Contains("http://proxy-user:[REDACTED]@proxy.example:3128", text);
                Assert.Contains("socks5://ops:[REDACTED]@socks.example:1080", text);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("Https_Proxy", null);
            Environment.SetEnvironmentVariable("All_Proxy", null);
        }
    }

    [Fact]
    public async Task A_login_answer_getAuth_or_buildRequest_logs_before_returning_its_token_is_redacted()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        api.OnPost("/login", _ => FakeResponse.Json("""{"token":"fetched-token-6d5c4b3a"}"""));
        api.OnPost("/sign", _ => FakeResponse.Json("""{"signature":"fetched-sig-8e7f6a5b"}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", $$"""
            async function getAuth(ctx) {
              var answer = await (await fetch("{{api.Url("/login")}}", { method: "POST" })).text();
              console.log("login answer", answer);
              return { headers: { Authorization: "Bearer " + JSON.parse(answer).token } };
            }
            async function buildRequest(ctx) {
              var signed = await (await fetch("{{api.Url("/sign")}}", { method: "POST" })).json();
              console.debug("signed", signed);
              return { headers: { "X-Signature": signed.signature } };
            }
            """, api, "hooks: { enabled: true, timeout_secs: 10, allow_network: true }");

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var log = string.Join("\n", cycle.Log);
        Assert.Contains(cycle.Log, l => l.Contains("login answer", StringComparison.Ordinal) && l.Contains("[REDACTED]", StringComparison.Ordinal));
        Assert.Contains(cycle.Log, l => l.Contains("signed", StringComparison.Ordinal) && l.Contains("[REDACTED]", StringComparison.Ordinal));
        Assert.DoesNotContain("fetched-token-6d5c4b3a", log);
        Assert.DoesNotContain("fetched-sig-8e7f6a5b", log);
    }

    // A query credential reaches the URL percent-encoded (a base64 key's +, / and =): a script logging
    // request.url logged it in that form, which the raw value did not match.
    [Fact]
    public async Task A_query_credential_a_script_logs_inside_the_url_it_was_sent_in_is_redacted()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function getAuth(ctx) { return { query: { api_key: "qk3y+part/two==" } }; }
            function getNextPage(ctx, request, response) { console.log("sent", request.url); throw new Error("stop at " + request.url); }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        var log = string.Join("\n", cycle.Log);
        Assert.Contains(cycle.Log, l => l.Contains("sent", StringComparison.Ordinal) && l.Contains("api_key=[REDACTED]", StringComparison.Ordinal));
        Assert.Contains("api_key=[REDACTED]", cycle.Error);
        Assert.DoesNotContain("qk3y", log);
        Assert.DoesNotContain("qk3y", cycle.Error);
    }

    // A name that says signature to the config view, the recorder and the error previews (sig, X-Sig)
    // but to no environment variable: judged by the variable list, its value stayed in the log and the error.
    [Fact]
    public async Task A_signature_buildRequest_sends_under_a_short_header_or_query_name_is_redacted()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function buildRequest(ctx) {
              var built = { query: { sig: "qsig-5b4a3f2e1d" }, headers: { "X-Sig": "hsig-9c8d7e6f5a" } };
              console.log("signed", built);
              return built;
            }
            function getNextPage(ctx, request, response) { console.log("sent", request.url); throw new Error("stop at " + request.url); }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        var log = string.Join("\n", cycle.Log);
        Assert.Contains(cycle.Log, l => l.Contains("sent", StringComparison.Ordinal) && l.Contains("sig=[REDACTED]", StringComparison.Ordinal));
        Assert.Contains(cycle.Log, l => l.Contains("signed", StringComparison.Ordinal) && l.Contains("[REDACTED]", StringComparison.Ordinal));
        Assert.Contains("sig=[REDACTED]", cycle.Error);
        foreach (var secret in new[] { "qsig-5b4a3f2e1d", "hsig-9c8d7e6f5a" })
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(secret, cycle.Error);
        }
    }

    // sort_key holds "key" and author "auth", so the hooks took them for credentials (as a variable's name
    // would be): their values were cut out of every log line and error, wherever those words appeared.
    [Fact]
    public async Task A_sort_key_or_author_filter_buildRequest_sends_stays_readable_while_its_credentials_do_not()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function buildRequest(ctx) {
              var built = { query: { sort_key: "published_desc", author: "someone-named", api_key: "qkey-7a6b5c4d3e" },
                headers: { "X-Private-Pem": "pem-9f8e7d6c5b" } };
              console.log("built", built);
              return built;
            }
            function getNextPage(ctx, request, response) { console.log("sent", request.url); throw new Error("stop at " + request.url); }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        var log = string.Join("\n", cycle.Log);
        Assert.Contains(cycle.Log, l => l.Contains("sent", StringComparison.Ordinal) && l.Contains("sort_key=published_desc", StringComparison.Ordinal)
            && l.Contains("author=someone-named", StringComparison.Ordinal) && l.Contains("api_key=[REDACTED]", StringComparison.Ordinal));
        Assert.Contains("sort_key=published_desc", cycle.Error);
        foreach (var secret in new[] { "qkey-7a6b5c4d3e", "pem-9f8e7d6c5b" })
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(secret, cycle.Error);
        }
    }

    // A vendor's next link repeats the query it was sent, getAuth's key and buildRequest's signature
    // included: the next_url stored from it kept both, which helr state show and state export print.
    // The hooks put them on every page they shape, the resumed one too, so the store needs neither.
    [Fact]
    public async Task The_next_url_stored_from_a_link_repeating_the_hooks_credentials_holds_none_of_them()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json("""[{"id":"a"}]""").WithNext(api.Url("/logs") + r.QueryString + "&page=2"));
        using var harness = HookHarness.Create($$"""
            url: {{api.Url("/logs")}}
            pagination: { strategy: link_header, max_pages: 1 }
            """, """
            function getAuth(ctx) { return { query: { api_key: "qk3y-4d5e6f7a8b" } }; }
            function buildRequest(ctx) { return { query: { signature: ctx.state.next_url ? "qsig-two-2b3c4d5e" : "qsig-one-6f7a8b9c", v: "2" } }; }
            """, api);

        var first = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        var stored = harness.State["next_url"];
        Assert.Contains("page=2", stored);
        Assert.Contains("v=2", stored);
        foreach (var secret in new[] { "qk3y-4d5e6f7a8b", "qsig-one-6f7a8b9c" }) Assert.DoesNotContain(secret, stored);

        var resumed = await harness.RunCycleAsync();

        Assert.Null(resumed.Error);
        var query = Assert.Single(resumed.Requests).QueryString.TrimStart('?').Split('&');
        Assert.Contains("page=2", query);
        Assert.Equal(["api_key=qk3y-4d5e6f7a8b"], query.Where(p => p.StartsWith("api_key=", StringComparison.Ordinal)));
        Assert.Equal(["signature=qsig-two-2b3c4d5e"], query.Where(p => p.StartsWith("signature=", StringComparison.Ordinal)));
    }

    // Any variable name will do for auth's token_env, and ctx.env hands the script every variable.
    [Fact]
    public async Task The_variable_auth_reads_its_token_from_is_redacted_whatever_its_name()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        Environment.SetEnvironmentVariable("HELR_HOOK_TEST_OKTA", "okta-value-3c2b1a09");
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            auth:
              type: bearer
              token_env: HELR_HOOK_TEST_OKTA
            """, """
            function parseResponse(ctx, response) { console.log("env", ctx.env); return []; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        var log = string.Join("\n", cycle.Log);
        Assert.Contains("HELR_HOOK_TEST_OKTA", log);
        Assert.DoesNotContain("okta-value-3c2b1a09", log);
    }

    // A POST API that takes its session in the body: getAuth returns it under body, which the request
    // carries (and the recorder cuts), but only its headers, query and cookie were cut out of the log
    // and errors, so a script logging request.body, or throwing with it, printed the session.
    [Fact]
    public async Task A_session_getAuth_returns_in_the_body_is_redacted_where_the_script_logs_or_throws_it()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            method: post
            """, """
            function getAuth(ctx) { return { body: { session: "body-session-3c4d5e6f", n: 5 } }; }
            function getNextPage(ctx, request, response) {
              console.log("sent", request.body);
              throw new Error("refused " + JSON.stringify(request.body));
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("body-session-3c4d5e6f", Assert.Single(api.Requests).Body);
        Assert.NotNull(cycle.Error);
        Assert.Contains("[REDACTED]", cycle.Error);
        Assert.Contains(cycle.Log, l => l.Contains("sent", StringComparison.Ordinal) && l.Contains("[REDACTED]", StringComparison.Ordinal));
        Assert.DoesNotContain("body-session-3c4d5e6f", string.Join("\n", cycle.Log));
        Assert.DoesNotContain("body-session-3c4d5e6f", cycle.Error);
    }

    // APIs echo what they were sent in a 400: the error preview cut the credentials of the request's
    // headers and query, not a session getAuth put in the body under a name that says nothing.
    [Fact]
    public async Task A_session_getAuth_returns_in_the_body_is_cut_from_an_error_answer_echoing_it()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/logs", r => FakeResponse.Json($$"""{"error":"bad request","received":{{r.Body}}}""", 400));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            method: post
            """, """
            function getAuth(ctx) { return { body: { sid: "body-session-7a8b9c0d" } }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("body-session-7a8b9c0d", Assert.Single(api.Requests).Body);
        Assert.NotNull(cycle.Error);
        Assert.Contains("HTTP 400", cycle.Error);
        Assert.Contains("[REDACTED]", cycle.Error);
        Assert.DoesNotContain("body-session-7a8b9c0d", cycle.Error);
    }

    // The documented way to go on after max_pages: commitState stores ctx.next_page.url. getNextPage took
    // that URL from the vendor's next link, which repeats the query the page was sent with, getAuth's
    // key included, so helr state show and state export printed it (the declarative next_url is stored without).
    [Fact]
    public async Task A_url_commitState_stores_from_next_page_holds_none_of_the_hooks_credentials()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json($$"""{"items":[{"id":"a"}],"next":"{{api.Url("/logs")}}{{r.QueryString}}&page=2"}"""));
        using var harness = HookHarness.Create($$"""
            url: {{api.Url("/logs")}}
            pagination: { strategy: cursor, cursor_param: c, cursor_path: c, max_pages: 1 }
            """, """
            function getAuth(ctx) { return { query: { api_key: "qk3y-9a8b7c6d5e" } }; }
            function getNextPage(ctx, request, response) { return { url: response.body.next }; }
            function commitState(ctx, events) { return { next_url: ctx.next_page ? ctx.next_page.url : "" }; }
            """, api);

        var first = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        var stored = harness.State["next_url"];
        Assert.Contains("page=2", stored);
        Assert.DoesNotContain("qk3y-9a8b7c6d5e", stored);

        var resumed = await harness.RunCycleAsync();

        Assert.Null(resumed.Error);
        var query = resumed.Requests[0].QueryString.TrimStart('?').Split('&');
        Assert.Contains("page=2", query);
        Assert.Equal(["api_key=qk3y-9a8b7c6d5e"], query.Where(p => p.StartsWith("api_key=", StringComparison.Ordinal)));
    }
}
