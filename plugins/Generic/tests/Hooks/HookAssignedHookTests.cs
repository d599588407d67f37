namespace Helr.Plugins.Generic.Tests.Hooks;

/// <summary>
/// A hook is looked up where upstream looks it up, on the global object: one the script assigns there
/// instead of declaring it is called too (it used to be ignored, the step left declarative without a word).
/// </summary>
public class HookAssignedHookTests
{
    private const string Parse = "function (ctx, response) { return response.body.items.map(function (e) { return { event: { hook: e.id } }; }); }";
    private const string Next = """
        function (ctx, request, response) {
          var page = Number((/page=(\d+)/.exec(request.url) || [0, 1])[1]);
          return page >= 2 ? null : { url: request.url.split("?")[0] + "?page=" + (page + 1) };
        }
        """;

    [Theory]
    [InlineData("globalThis.{0} = {1};")]
    [InlineData("this.{0} = {1};")]
    [InlineData("{0} = {1};")]
    [InlineData("(function (g) {{ g.{0} = {1}; }})(this);")]
    public async Task A_hook_assigned_to_the_global_object_is_called(string form)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json($$"""{"items":[{"id":"p{{r.Param("page") ?? "1"}}"}]}"""));
        var script = string.Format(form, "parseResponse", Parse) + "\n" + string.Format(form, "getNextPage", Next);
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}", script, api);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "p1", "p2" }, cycle.EventField("hook"));
    }

    [Fact]
    public async Task A_script_whose_top_level_fails_on_its_own_keeps_its_declared_hooks()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"items":[{"id":"a"}]}"""));
        using var harness = HookHarness.Create($"url: {api.Url("/logs")}",
            "missing.value; function parseResponse(ctx, response) { return []; }", api);

        var cycle = await harness.RunCycleAsync();

        Assert.StartsWith("hook parseResponse in script_inline failed: missing is not defined", cycle.Error);
        Assert.Empty(cycle.Lines);
    }
}
