using System.Text.Json;
using Helr.Plugins.OnePassword.Tests.Support;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary>The onepassword source run in-process through the kernel (SourceHarness) against a fake Events API.</summary>
public class OnePasswordCollectionTests
{
    private const string Cursor1 = "aGVsbG8hIGlzIGl0IG1lIHlvdSBhcmUgbG9va2luZyBmb3IK";
    private const string Cursor2 = "bmV4dCBjdXJzb3IgYWZ0ZXIgdGhlIGxhc3QgcGFnZQo";

    internal static string Config(FakeVendorServer api, string extra = "") => $"""
        events: auditevents
        url: {api.Url("/")}
        from: "2023-03-01T00:00:00Z"
        auth:
          type: bearer
          token_env: OP_EVENTS_TOKEN
        resilience:
          retries:
            max_attempts: 2
            initial_backoff_secs: 0
        {extra}
        """;

    // Page 1 for the reset cursor, page 2 for Cursor1, an empty page for any later cursor.
    internal static FakeResponse TwoPages(RecordedRequest r)
    {
        using var body = JsonDocument.Parse(r.Body);
        if (!body.RootElement.TryGetProperty("cursor", out var cursor)) return FakeResponse.Json(PluginTestFiles.Read("auditevents-page1.json"));
        return cursor.GetString() == Cursor1
            ? FakeResponse.Json(PluginTestFiles.Read("auditevents-page2.json"))
            : FakeResponse.Json(PluginTestFiles.Read("empty.json"));
    }

    [Fact]
    public async Task First_run_posts_a_reset_cursor_then_follows_cursors_until_has_more_is_false()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", TwoPages);
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "56YE2TYN2VFYRLNSHKPW5NVT5E", "7OGLGMSQARAQ3IYYJ5FE2BEYBQ", "TMVU3JZAQVH4PFUTTSXRN4NYAY" }, cycle.EventField("uuid"));
        Assert.Equal("TMVU3JZAQVH4PFUTTSXRN4NYAY", cycle.Envelopes[2].GetProperty("meta").GetProperty("id").GetString());
        Assert.Equal(2, cycle.Requests.Count);
        Assert.All(cycle.Requests, r => Assert.Equal("POST", r.Method));
        Assert.All(cycle.Requests, r => Assert.Equal("Bearer op-token-123", r.Header("Authorization")));
        Assert.Equal("""{"limit":1000,"start_time":"2023-03-01T00:00:00Z"}""", cycle.Requests[0].Body);
        Assert.Equal($$"""{"cursor":"{{Cursor1}}"}""", cycle.Requests[1].Body);
        // has_more was false: the last response's cursor is where the next cycle continues.
        Assert.Equal(Cursor2, cycle.State["cursor"]);
        Assert.Equal("2023-03-15T16:40:11Z", cycle.State["watermark"]);
    }

    [Fact]
    public async Task Next_cycle_continues_from_the_stored_cursor_and_an_empty_page_ends_it()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", TwoPages);
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());

        var cycles = await harness.RunCyclesAsync(2);

        var second = cycles[1];
        Assert.Null(second.Error);
        Assert.Empty(second.Lines);
        Assert.Equal($$"""{"cursor":"{{Cursor2}}"}""", Assert.Single(second.Requests).Body);
        Assert.Equal("ZW1wdHkgcGFnZSBjdXJzb3IK", second.State["cursor"]);
    }

    [Fact]
    public async Task Without_from_the_first_reset_cursor_starts_one_day_back()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", _ => FakeResponse.Json(PluginTestFiles.Read("empty.json")));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api).Replace("from: \"2023-03-01T00:00:00Z\"", ""), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        using var body = JsonDocument.Parse(cycle.Requests[0].Body);
        var start = DateTimeOffset.Parse(body.RootElement.GetProperty("start_time").GetString()!);
        var sent = cycle.Requests[0].ReceivedAt;
        Assert.InRange(sent - start, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_rate_limited_page_is_retried_and_nothing_is_lost()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnPost("/api/v2/auditevents", r => Interlocked.Increment(ref calls) == 2
            ? FakeResponse.Json("""{"Error":{"Message":"Too Many Requests"}}""", 429).WithHeader("Retry-After", "0")
            : TwoPages(r));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(3, cycle.Lines.Count);
        Assert.Equal(cycle.Requests[1].Body, cycle.Requests[2].Body); // the same cursor sent again
        Assert.Equal(Cursor2, cycle.State["cursor"]);
    }

    [Fact]
    public async Task A_bad_token_fails_the_cycle_without_the_token_in_the_error_and_stores_nothing()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", _ => FakeResponse.Json("""{"Error":{"Message":"Unauthorized"}}""", 401));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("401", cycle.Error);
        Assert.DoesNotContain("op-token-123", cycle.Error);
        Assert.DoesNotContain(cycle.Log, l => l.Contains("op-token-123"));
        Assert.Empty(cycle.Lines);
        Assert.False(cycle.State.ContainsKey("cursor"));
    }
}
