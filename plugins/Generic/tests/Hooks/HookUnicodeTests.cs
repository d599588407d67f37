namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>
/// Lone UTF-16 surrogates (APIs that cut strings at a code unit send them as "\ud800"; JS strings hold
/// them freely): hooks read and return them without failing the poll, which repeated the same page
/// every cycle and stopped the source for good.
/// </summary>
public class HookUnicodeTests
{
    [Fact]
    public async Task A_lone_surrogate_in_the_response_reaches_parseResponse_as_a_replacement_character()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a","s":"x\ud800y","ok":"\ud83d\ude00"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function parseResponse(ctx, response) { return response.body.map(function (e) { return { event: e }; }); }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "x\uFFFDy" }, cycle.EventField("s"));
        Assert.Equal(new[] { "\U0001F600" }, cycle.EventField("ok"));
    }

    [Fact]
    public async Task A_lone_surrogate_a_hook_returns_is_written_and_stored_as_a_replacement_character()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[1]"));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", """
            function parseResponse(ctx, response) { return [{ event: { id: 'a', s: 'x\uD800y', low: '\uDC00', ok: '\uD83D\uDE00', slash: '\\uD800' } }]; }
            function commitState(ctx, events) { return { last: events[0].event.s }; }
            """, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "x\uFFFDy" }, cycle.EventField("s"));
        Assert.Equal(new[] { "\uFFFD" }, cycle.EventField("low"));
        Assert.Equal(new[] { "\U0001F600" }, cycle.EventField("ok"));
        // A backslash followed by "uD800" is text, not an escape.
        Assert.Equal(new[] { "\\uD800" }, cycle.EventField("slash"));
        Assert.Equal("x\uFFFDy", cycle.State["last"]);
    }
}
