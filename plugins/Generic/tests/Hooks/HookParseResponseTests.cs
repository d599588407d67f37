using System.Text.Json;

namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary><c>parseResponse</c> alone on top of a declarative source: its events, its fallback, its wrong shapes and the paging they must not end.</summary>
public class HookParseResponseTests
{
    [Fact]
    public async Task ParseResponse_reads_a_body_only_the_script_understands_and_its_events_go_through_dedupe()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Text("a|2024-01-01\nb|2024-01-02\na|2024-01-01", 200));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            dedupe:
              id_path: id
            transform:
              timestamp_field: at
            """, """
            function parseResponse(ctx, response) {
              return response.body.split("\n").map(function (line) {
                var p = line.split("|");
                return { ts: p[1], source: ctx.sourceId, event: { id: p[0], at: p[1] }, meta: { id: p[0] } };
              });
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "a", "b" }, cycle.EventField("id"));
        Assert.Equal("2024-01-02", cycle.Envelopes[1].GetProperty("ts").GetString()![..10]);
    }

    // Upstream writes a hook's ts and source as the envelope's, ignoring transform.timestamp_field for
    // hook events; Helr wrote the event's timestamp_field (or fallback, or now) and the source's label.
    [Fact]
    public async Task A_hooks_ts_and_source_win_over_timestamp_field_and_the_label_and_empty_ones_leave_the_sources_rules()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            source_label_value: configured
            transform:
              timestamp_field: at
            """, """
            function parseResponse(ctx, response) {
              return [
                { ts: "2024-05-01T00:00:00Z", source: "from-hook", event: { id: "a", at: "2020-01-01T00:00:00Z" } },
                { ts: "", source: "", event: { id: "b", at: "2020-01-02T00:00:00Z" } },
                { ts: 1714521600, event: { id: "c", at: "2020-01-03T00:00:00Z" } }
              ];
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "2024-05-01T00:00:00Z", "2020-01-02T00:00:00Z", "2020-01-03T00:00:00Z" }, cycle.Envelopes.Select(e => e.GetProperty("ts").GetString()));
        Assert.Equal(new[] { "from-hook", "configured", "configured" }, cycle.Envelopes.Select(e => e.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task ParseResponse_returning_nothing_falls_back_to_the_declarative_extraction()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"items":[{"id":"x"},{"id":"y"}]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", "function parseResponse(ctx, r) { return undefined; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "x", "y" }, cycle.EventField("id"));
    }

    // The kernel skipped the page (logged "skipping a page") and the hook's events of it were written anyway.
    [Fact]
    public async Task A_page_skipped_for_invalid_UTF8_is_not_handed_to_parseResponse_and_nothing_of_it_is_written()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Raw([.. "{\"items\":[{\"id\":\"a"u8, 0xFF, .. "\"}]}"u8]));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            on_parse_error: skip
            """, "function parseResponse(ctx, r) { return [{ event: { id: 'from-hook' } }]; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.Contains(cycle.Log, l => l.Contains("could not be parsed", StringComparison.Ordinal) && l.Contains("not valid UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ParseResponse_of_the_wrong_shape_fails_the_poll_naming_the_hook()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", "function parseResponse(ctx, r) { return [1]; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Equal("hook parseResponse in script_inline: element 0 must be an object {ts, source, event, meta}, got number", cycle.Error);
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task ParseResponse_dropping_events_does_not_make_a_full_page_look_like_the_last()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var all = new[] { "a", "hb", "b", "c", "hb", "d", "e" };
        api.OnGet("/logs", r => FakeResponse.Json("[" + string.Join(",",
            all.Skip((int.Parse(r.Param("page")!) - 1) * 3).Take(3).Select((id, i) => $$"""{"id":"{{id}}{{(id == "hb" ? r.Param("page") : "")}}"}""")) + "]"));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            pagination:
              strategy: page_offset
              page_param: page
              limit_param: per_page
              limit: 3
            """, """
            function parseResponse(ctx, response) {
              return response.body
                .filter(function (e) { return e.id.indexOf("hb") !== 0; })
                .map(function (e) { return { event: e }; });
            }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        // Heartbeats filtered out by the script; every page of the API read.
        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, cycle.EventField("id"));
        Assert.Equal(new[] { "1", "2", "3" }, cycle.Requests.Select(r => r.Param("page")));
    }

    [Fact]
    public async Task Full_pages_a_script_keeps_nothing_of_still_stop_at_max_pages_and_the_next_cycle_goes_on()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json(r.Param("page") == "4" ? """[{"id":"x"}]""" : """[{"id":"hb"},{"id":"hb"}]"""));
        using var harness = HookHarness.Create($"""
            url: {api.Url("/logs")}
            pagination:
              strategy: page_offset
              page_param: page
              limit_param: per_page
              limit: 2
              max_pages: 2
            """, """
            function parseResponse(ctx, response) {
              return response.body.filter(function (e) { return e.id !== "hb"; }).map(function (e) { return { event: e }; });
            }
            """, api);

        var cycles = await harness.RunCyclesAsync(2);

        Assert.Equal(new[] { "1", "2" }, cycles[0].Requests.Select(r => r.Param("page")));
        Assert.Equal(new[] { "3", "4" }, cycles[1].Requests.Select(r => r.Param("page")));
        Assert.Equal(new[] { "x" }, cycles[1].EventField("id"));
    }
}
