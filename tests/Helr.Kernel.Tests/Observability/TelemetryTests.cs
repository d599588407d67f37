using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Tests.Support;
using Helr.Plugins.Generic;
using Helr.PluginSdk.Testing;
using Prometheus;
using Serilog.Core;

namespace Helr.Kernel.Tests.Observability;

/// <summary>A poll cycle reports its facts as typed events; series live on the injected registry only.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_cycle_reports_pages_events_with_their_newest_time_and_its_end()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", r => r.Param("page") is null
            ? FakeResponse.Json("""[{"id":"1","ts":"2024-05-02T00:00:00Z"},{"id":"2","ts":"2024-05-01T00:00:00Z"}]""").WithNext(server.Url("/logs?page=2"))
            : FakeResponse.Json("""[]""", 200));
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {server.Url("/logs")}
            pagination:
              strategy: link_header
            transform:
              timestamp_field: ts
            """, server);
        using var recorded = new RecordedTelemetry(harness.Telemetry);
        var cycle = await harness.RunCycleAsync();
        Assert.Null(cycle.Error);

        Assert.Equal(new[] { 200, 200 }, recorded.Of<PageFetched>().Select(p => p.Status));
        Assert.All(recorded.Of<PageFetched>(), p => Assert.Equal("s", p.Source));
        var written = recorded.Of<EventsWritten>();
        Assert.Equal(2, written[0].Count);
        // Newest-first page: the first event is the newest.
        Assert.Equal(DateTimeOffset.Parse("2024-05-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), written[0].Newest);
        var finished = Assert.Single(recorded.Of<PollFinished>());
        Assert.Equal((2, 2L, false), (finished.Pages, finished.Events, finished.Failed));
        Assert.Equal(2, harness.Telemetry.Metrics.Requests.WithLabels("s", "2xx").Value);
        Assert.Equal(2, harness.Telemetry.Metrics.EventsEmitted.WithLabels("s").Value);
    }

    [Fact]
    public async Task A_request_without_a_response_is_one_failure_event_and_an_error_series()
    {
        using var harness = SourceHarness.Create(new GenericSourceType(), """
            url: http://127.0.0.1:1/logs
            resilience:
              retries:
                max_attempts: 1
            """);
        using var recorded = new RecordedTelemetry(harness.Telemetry);
        var cycle = await harness.RunCycleAsync();
        Assert.NotNull(cycle.Error);
        Assert.Single(recorded.Of<RequestFailed>());
        Assert.True(Assert.Single(recorded.Of<PollFinished>()).Failed);
        Assert.Equal(1, harness.Telemetry.Metrics.Errors.WithLabels("s", "request").Value);
        Assert.Equal(1, harness.Telemetry.Metrics.Errors.WithLabels("s", "poll").Value);
        Assert.Equal(1, harness.Telemetry.Metrics.Requests.WithLabels("s", "error").Value);
    }

    [Fact]
    public async Task Two_hubs_never_share_counts_and_the_static_registry_gets_nothing()
    {
        var a = Telemetry.Create(Logger.None);
        var b = Telemetry.Create(Logger.None);
        a.Emit(new EventsDropped("s", EventsDropped.Backpressure, 3));
        Assert.Equal(3, a.Metrics.Dropped.WithLabels("s", "backpressure").Value);
        Assert.Equal(3, a.Counters.Dropped("s", "backpressure"));
        Assert.Equal(0, b.Metrics.Dropped.WithLabels("s", "backpressure").Value);
        Assert.Equal(0, b.Counters.Dropped("s", "backpressure"));
        using var text = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        Assert.DoesNotContain("helr_", System.Text.Encoding.UTF8.GetString(text.ToArray()));
    }

    [Fact]
    public async Task A_hub_nobody_scrapes_still_counts_for_the_summary_but_makes_no_series()
    {
        var hub = Telemetry.Create(Logger.None, recording: false);
        hub.Emit(new PageFetched("s", 200, 10, TimeSpan.FromMilliseconds(5)));
        hub.Emit(new EventsDropped("s", EventsDropped.Backpressure, 3));
        Assert.Equal(3, hub.Counters.Dropped("s", "backpressure"));
        using var text = new MemoryStream();
        await hub.Registry.CollectAndExportAsTextAsync(text);
        Assert.DoesNotContain("source=\"s\"", System.Text.Encoding.UTF8.GetString(text.ToArray()));
    }

    [Fact]
    public async Task A_touched_source_has_every_error_kind_at_zero_before_its_first_error()
    {
        // An alert on increase(helr_errors_total{kind="poll"}[…]) misses the first failure of a series that appears at 1.
        var hub = Telemetry.Create(Logger.None);
        hub.Metrics.Touch("s");
        using var text = new MemoryStream();
        await hub.Registry.CollectAndExportAsTextAsync(text);
        var page = System.Text.Encoding.UTF8.GetString(text.ToArray());
        foreach (var kind in new[] { "request", "poll", "state", "output" })
            Assert.Contains($"helr_errors_total{{source=\"s\",kind=\"{kind}\"}} 0", page);
    }

    [Fact]
    public async Task The_lag_series_grows_after_an_event_dated_in_the_future()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var hub = Telemetry.Create(Logger.None, time);
        hub.Emit(new EventsWritten("s", 1, time.GetUtcNow().AddYears(1)));
        time.Advance(TimeSpan.FromHours(2));
        using var text = new MemoryStream();
        await hub.Registry.CollectAndExportAsTextAsync(text);
        Assert.Contains("helr_source_lag_seconds{source=\"s\"} 7200", System.Text.Encoding.UTF8.GetString(text.ToArray()));
    }

    [Fact]
    public void Audit_events_from_before_logging_are_reported_in_order_once_attached()
    {
        var trail = new AuditTrail();
        trail.Emit(new CredentialRead("s", "env", "TOKEN"));
        trail.Emit(new ConfigLoaded("/etc/helr.yaml", 1));
        var telemetry = Telemetry.Create(Logger.None);
        using var recorded = new RecordedTelemetry(telemetry);
        Assert.Empty(recorded.Of<CredentialRead>());
        trail.Attach(telemetry);
        trail.Emit(new CredentialRead("s", "file", "/run/secret"));
        Assert.Equal(new[] { "TOKEN", "/run/secret" }, recorded.Of<CredentialRead>().Select(e => e.Name));
        Assert.Equal("/etc/helr.yaml", Assert.Single(recorded.Of<ConfigLoaded>()).Path);
    }

    [Fact]
    public void A_listener_stops_receiving_once_its_subscription_is_disposed()
    {
        var telemetry = Telemetry.Create(Logger.None);
        var recorded = new RecordedTelemetry(telemetry);
        telemetry.Emit(new TokenRequested("s"));
        recorded.Dispose();
        telemetry.Emit(new TokenRequested("s"));
        Assert.Single(recorded.Of<TokenRequested>());
        Assert.Equal(2, telemetry.Counters.TokenRequests("s"));
    }
}
