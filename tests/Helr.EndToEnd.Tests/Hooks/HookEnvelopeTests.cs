using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Hooks;

/// <summary>
/// The envelope of a hook source's events: a <c>parseResponse</c> element's <c>ts</c> and <c>source</c>
/// strings are its <c>ts</c> and label value, as upstream writes them. Helr read <c>ts</c> from the event
/// only, so a script written for upstream's Andromeda example (<c>ts: node.time</c>, a key not among the
/// fallbacks) had every line stamped with the time it was collected.
/// </summary>
public sealed class HookEnvelopeTests
{
    [Fact]
    public async Task A_hooks_ts_and_source_are_the_lines_ts_and_label_and_an_event_without_them_keeps_the_sources_rules()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", _ => FakeResponse.Json("""
            {"nodes":[
              {"id":"a","time":"2024-03-01T10:00:00Z","created_at":"2099-01-01T00:00:00Z"},
              {"id":"b","published":"2024-03-02T10:00:00Z"}
            ]}
            """));
        using var dir = new TempDir();
        const string script = """
            function parseResponse(ctx, response) {
              return response.body.nodes.map(function (node) {
                if (!node.time) return { event: node, meta: { id: node.id } };
                return { ts: node.time, source: ctx.sourceId, event: node, meta: { id: node.id } };
              });
            }
            """;
        var config = dir.Write("helr.yaml", $$"""
            global:
              hooks:
                enabled: true
            sources:
              andromeda:
                url: {{api.Url("/events")}}
                source_label_value: audit
                hooks:
                  script_inline: "{{script.Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}}"
            """);

        var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(0, run.ExitCode);
        var lines = Ndjson.Parse(run.Stdout);
        Assert.Equal(new[] { "a", "b" }, lines.EventField("id"));
        Assert.Equal("2024-03-01T10:00:00Z", lines[0].GetProperty("ts").GetString());
        Assert.Equal("andromeda", lines[0].GetProperty("source").GetString());
        // No ts or source from the hook: the fallback keys and source_label_value, as before.
        Assert.Equal("2024-03-02T10:00:00Z", lines[1].GetProperty("ts").GetString());
        Assert.Equal("audit", lines[1].GetProperty("source").GetString());
    }
}
