namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>A getAuth result the API stops accepting (an expired session cookie) is not reused.</summary>
public class HookAuthExpiryTests
{
    [Fact]
    public async Task A_401_drops_the_cached_getAuth_result_so_the_next_cycle_logs_in_again()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var logins = 0;
        var expired = false;
        api.OnPost("/login", _ => FakeResponse.Json("{}").WithHeader("Set-Cookie", $"sid={Interlocked.Increment(ref logins)}; Path=/"));
        // The first session expires after one cycle; a new login's session is good.
        api.OnGet("/logs", r => r.Header("Cookie") == "sid=1" && expired ? FakeResponse.Json("""{"error":"session expired"}""", 401) : FakeResponse.Json("""[{"id":"a"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", $$"""
            async function getAuth(ctx) {
              var res = await fetch("{{api.Url("/login")}}", { method: "POST", body: "{}" });
              return { cookie: res.headers.get("set-cookie").split(";")[0] };
            }
            """, api, "hooks: { enabled: true, timeout_secs: 10, allow_network: true }");

        var first = await harness.RunCycleAsync();
        expired = true;
        var second = await harness.RunCycleAsync();
        var third = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.NotNull(second.Error);
        // Without this, the refused cookie is reused for auth_cache_ttl_secs (30 minutes by default), every cycle failing.
        Assert.Null(third.Error);
        Assert.Equal(2, logins);
        Assert.Equal("sid=2", Assert.Single(third.Requests, r => r.Path == "/logs").Header("Cookie"));
    }
}
