namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>
/// What the engine could not read as a hook's argument failed the hook on that page, and so every cycle
/// after it: an event of the declarative extraction handed to <c>commitState</c> (an escaped lone
/// surrogate, or nesting past 64 levels with its envelope), which the page had just written, so the
/// script's state never moved and the same pages were written again each time; or a response body that
/// JSON.parse reads but that nested the response argument one level too deep.
/// </summary>
public class HookArgumentTests
{
    private const string Commit = """
        function commitState(ctx, events) {
          var e = events[events.length - 1].event;
          return { last: typeof e === 'string' ? 'text' : e.s };
        }
        """;

    [Fact]
    public async Task An_event_with_a_lone_surrogate_reaches_commitState_as_a_replacement_character()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a","s":"x\ud800y"}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", Commit, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Single(cycle.Lines);
        Assert.Equal("x\uFFFDy", cycle.State["last"]);
    }

    // An event object holding 61 nested arrays is the deepest read as JSON: events[i].event adds two levels.
    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(100)]
    public async Task An_event_nested_deeper_than_json_parse_reads_reaches_commitState_as_its_text(int depth)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var deep = new string('[', depth) + new string(']', depth);
        api.OnGet("/logs", _ => FakeResponse.Json($$"""[{"id":"a","d":{{deep}}}]"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", Commit, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Single(cycle.Lines);
        Assert.Equal(depth > 61 ? "text" : "undefined", cycle.State.GetValueOrDefault("last", "undefined"));
    }

    // A body JSON.parse reads (64 levels) nested the response argument one level deeper than the engine reads it.
    [Theory]
    [InlineData(63, "object")]
    [InlineData(64, "string")]
    public async Task A_response_body_nested_past_what_the_engine_reads_in_its_argument_reaches_parseResponse_as_its_text(int depth, string kind)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json(new string('[', depth) + new string(']', depth)));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}",
            "function parseResponse(ctx, response) { return [{ event: { kind: typeof response.body } }]; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { kind }, cycle.EventField("kind"));
    }
}
