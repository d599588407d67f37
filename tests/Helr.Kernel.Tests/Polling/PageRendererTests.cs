using System.Text;
using System.Text.Json;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Polling;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Events;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

public sealed class PageRendererTests
{
    private static string[] Render(string body, IReadOnlyList<string?> suppliedIds, long maxLineBytes)
    {
        var telemetry = Telemetry.Create(Logger.None);
        var envelope = new EnvelopeWriter("source", "tailscale", null, null, TimeProvider.System);
        var limiter = new LineLimiter("tailscale", maxLineBytes, LineLimitBehavior.Truncate, telemetry);
        var renderer = new PageRenderer("tailscale", envelope, null, limiter, Logger.None, telemetry);
        var bytes = Encoding.UTF8.GetBytes(body);
        var ranges = new List<Range>();
        new JsonEventExtractor().Extract(bytes, ranges);
        var (lines, _, _, _) = renderer.Render(new EventBatch { Body = bytes, Ranges = ranges }, new Uri("https://api.example.com/logs"), Array.Empty<int>(), suppliedIds);
        return Encoding.UTF8.GetString(lines.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    // Vendors that send no event id (Tailscale) supply one derived from the content: it is the line's
    // meta.id whether or not max_line_bytes cut the event down.
    [Fact]
    public void A_supplied_event_id_stays_in_meta_when_the_line_is_truncated()
    {
        var big = new string('x', 400);
        var lines = Render($$"""[{"a":"short"},{"a":"{{big}}"}]""", new[] { "id-1", "id-2" }, maxLineBytes: 300);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("id-1", first.RootElement.GetProperty("meta").GetProperty("id").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.True(second.RootElement.GetProperty("meta").GetProperty("truncated").GetBoolean());
        Assert.Equal("id-2", second.RootElement.GetProperty("meta").GetProperty("id").GetString());
        Assert.True(Encoding.UTF8.GetByteCount(lines[1]) <= 300);
    }

    // A page a plugin parsed itself (a Generic hook's ts and source) carries each event's ts and label:
    // they are the line's, truncated or not, and lag reads that ts; events without keep the source's.
    [Fact]
    public void Supplied_times_and_labels_are_the_lines_and_lag_reads_the_time_written()
    {
        var telemetry = Telemetry.Create(Logger.None);
        var envelope = new EnvelopeWriter("source", "configured", null, null, TimeProvider.System);
        var limiter = new LineLimiter("s", 300, LineLimitBehavior.Truncate, telemetry);
        var renderer = new PageRenderer("s", envelope, null, limiter, Logger.None, telemetry);
        var bytes = Encoding.UTF8.GetBytes($$"""
            [{"published":"2020-01-01T00:00:00Z"},{"published":"2020-01-02T00:00:00Z","a":"{{new string('x', 400)}}"},
             {"published":"2020-01-03T00:00:00Z"},{"published":"2020-01-04T00:00:00Z"}]
            """);
        var ranges = new List<Range>();
        new JsonEventExtractor().Extract(bytes, ranges);
        var batch = new EventBatch
        {
            Body = bytes,
            Ranges = ranges,
            Timestamps = new string?[] { null, "2024-05-02T10:00:00Z", "", "2024-05-04T10:00:00Z" },
            Labels = new string?[] { null, "hook \"x\"", "hook \"x\"" },
        };

        renderer.StartCycle();
        var (output, _, _, _) = renderer.Render(batch, new Uri("https://api.example.com/logs"), Array.Empty<int>(), null);
        renderer.Handed();

        var lines = Encoding.UTF8.GetString(output.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(new[] { "2020-01-01T00:00:00Z", "2024-05-02T10:00:00Z", "2020-01-03T00:00:00Z", "2024-05-04T10:00:00Z" }, lines.Select(l => l.GetProperty("ts").GetString()));
        Assert.Equal(new[] { "configured", "hook \"x\"", "hook \"x\"", "configured" }, lines.Select(l => l.GetProperty("source").GetString()));
        Assert.True(lines[1].GetProperty("meta").GetProperty("truncated").GetBoolean());
        Assert.Equal(new DateTimeOffset(2024, 5, 4, 10, 0, 0, TimeSpan.Zero), renderer.NewestEvent);
    }

    // A cycle cut before the output took a page (a poll tick under block) fetches the page again: the
    // events max_line_bytes dropped of it must count once, as its written events do.
    [Fact]
    public void Events_dropped_by_max_line_bytes_count_once_the_output_took_the_page()
    {
        var telemetry = Telemetry.Create(Logger.None);
        using var recorded = new RecordedTelemetry(telemetry);
        var envelope = new EnvelopeWriter("source", "s", null, null, TimeProvider.System);
        var limiter = new LineLimiter("s", 300, LineLimitBehavior.Skip, telemetry);
        var renderer = new PageRenderer("s", envelope, null, limiter, Logger.None, telemetry);
        var bytes = Encoding.UTF8.GetBytes($$"""[{"a":"short"},{"a":"{{new string('x', 400)}}"}]""");
        var ranges = new List<Range>();
        new JsonEventExtractor().Extract(bytes, ranges);
        var batch = new EventBatch { Body = bytes, Ranges = ranges };
        var url = new Uri("https://api.example.com/logs");

        renderer.StartCycle();
        renderer.Render(batch, url, Array.Empty<int>(), null);
        // The cycle failed here; the next one renders the page again and hands it over.
        renderer.StartCycle();
        renderer.Render(batch, url, Array.Empty<int>(), null);
        Assert.Empty(recorded.Of<EventsDropped>());
        renderer.Handed();

        Assert.Equal(1, recorded.Of<EventsDropped>().Sum(d => d.Count));
        Assert.Equal(1, recorded.Of<EventsWritten>().Sum(w => w.Count));
    }
}
