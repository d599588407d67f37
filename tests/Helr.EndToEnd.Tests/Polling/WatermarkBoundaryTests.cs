using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>Events at the stored watermark come back through an inclusive filter and are written once.</summary>
public sealed class WatermarkBoundaryTests(Stores stores, ITestOutputHelper output) : IClassFixture<Stores>
{
    public static TheoryData<string> Backends => BackendCycles.All;

    // What the API holds at its n-th request: several events share each boundary timestamp, and d
    // arrives late at a boundary already stored.
    private static readonly (string Id, string Ts)[][] Holdings =
    {
        new[] { ("a", "T1"), ("b", "T2"), ("c", "T2") },
        new[] { ("a", "T1"), ("b", "T2"), ("c", "T2"), ("d", "T2"), ("e", "T3"), ("f", "T3") },
        new[] { ("a", "T1"), ("b", "T2"), ("c", "T2"), ("d", "T2"), ("e", "T3"), ("f", "T3"), ("g", "T3"), ("h", "T4") },
    };

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public async Task Three_cycles_over_an_inclusive_since_filter_write_each_event_once(string backend)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var served = 0;
        api.OnGet("/events", r =>
        {
            var held = Holdings[Math.Min(Interlocked.Increment(ref served), Holdings.Length) - 1];
            var since = r.Param("since");
            // Inclusive, as Okta's since and Slack's oldest are.
            var page = held.Where(e => since is null || string.CompareOrdinal(e.Ts, since) >= 0).Select(e => new { id = e.Id, ts = e.Ts });
            return FakeResponse.Json(JsonSerializer.Serialize(new { events = page }));
        });
        using var dir = new TempDir();
        var state = await stores.StateYamlAsync(backend, dir, output);
        var config = dir.Write("helr.yaml", $"""
            {BackendCycles.Global(state)}
            sources:
              okta:
                url: {api.Url("/events")}
                schedule:
                  interval_secs: 1
                transform:
                  id_field: id
                state:
                  watermark_field: ts
                  watermark_param: since
            """);
        var run = await BackendCycles.RunAsync(backend, config, dir, "okta", cycles: 3);

        Assert.Equal(new[] { "a", "b", "c", "d", "e", "f", "g", "h" }, run.Lines.EventField("id"));
        Assert.Equal(new[] { null, "T2", "T3" }, api.Requests.Take(3).Select(r => r.Param("since")));
        if (backend == "memory") return;
        // Once more after a restart: h comes back at T4 and is dropped.
        var again = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Empty(again.Lines);
        Assert.Contains("okta\n", (await HelrProcess.RunAsync($"state show okta -c {config}", dir.Path)).Stdout);
    }

    [Fact]
    public async Task Validate_warns_when_a_watermark_has_no_event_id()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", """
            sources:
              okta:
                url: https://example.okta.com/api/v1/logs
                state:
                  watermark_field: published
                  watermark_param: since
            """);
        var validate = await HelrProcess.RunAsync($"validate -c {config}", dir.Path);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("warning: sources.okta.state: no event id is configured (dedupe.id_path or transform.id_field)", validate.Stderr);
    }
}
