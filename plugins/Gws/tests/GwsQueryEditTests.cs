using System.Globalization;
using Helr.PluginSdk.Time;
using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary>A window cut short, then the query edited (event_name, filters, …) before it is finished.</summary>
public sealed class GwsQueryEditTests
{
    /// <summary>
    /// A Reports API whose page tokens carry the query of the window's first page, as Google's opaque
    /// tokens do: a token goes on with the eventName it was made for, whatever eventName comes with it.
    /// </summary>
    private sealed class FilteringReports
    {
        private readonly List<(DateTimeOffset Time, string Qualifier, string Name)> _delivered = new();

        public FilteringReports Deliver(DateTimeOffset time, string qualifier, string name)
        {
            _delivered.Add((time, qualifier, name));
            return this;
        }

        public FakeResponse Answer(RecordedRequest r)
        {
            var start = DateTimeOffset.Parse(r.Param("startTime")!, CultureInfo.InvariantCulture);
            var end = DateTimeOffset.Parse(r.Param("endTime")!, CultureInfo.InvariantCulture);
            var size = int.Parse(r.Param("maxResults")!, CultureInfo.InvariantCulture);
            var (offset, name) = r.Param("pageToken") is { } token ? (int.Parse(token.Split(':')[1], CultureInfo.InvariantCulture), token.Split(':')[2]) : (0, r.Param("eventName") ?? "");
            var hits = _delivered.Where(a => a.Time >= start && a.Time <= end && (name.Length == 0 || a.Name == name)).OrderByDescending(a => a.Time).ToList();
            var page = hits.Skip(offset).Take(size).Select(a =>
                $$"""{"id":{"time":"{{FakeReports.Time(a.Time)}}","uniqueQualifier":"{{a.Qualifier}}","applicationName":"login"},"events":[{"name":"{{a.Name}}"}]}""");
            var next = offset + size < hits.Count ? $$""","nextPageToken":"p:{{offset + size}}:{{name}}" """ : "";
            return FakeResponse.Json($$"""{"kind":"admin#reports#activities"{{next}},"items":[{{string.Join(",", page)}}]}""");
        }
    }

    [Fact]
    public async Task An_edited_event_name_applies_to_the_rest_of_the_window_and_nothing_is_written_twice()
    {
        var now = DateTimeOffset.UtcNow;
        var newest = Rfc3339.TruncateToSeconds(now.AddHours(-3)).AddMilliseconds(500);
        var reports = new FilteringReports()
            .Deliver(newest, "a", "login_success")
            .Deliver(now.AddHours(-3.5), "b", "login_failure")
            .Deliver(now.AddHours(-4), "c", "login_success")
            .Deliver(now.AddHours(-4.5), "d", "login_failure");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(GwsOverlapTests.LoginPath, reports.Answer);
        var from = now.AddHours(-5);
        IReadOnlyDictionary<string, string> saved;
        HarnessCycle cut;
        using (var before = SourceHarness.Create(new GwsSourceType(), GwsOverlapTests.Config(api, from, "max_results: 1\nmax_pages: 1\nevent_name: login_success"), api, new TestEnvironment()))
        {
            cut = await before.RunCycleAsync();
            saved = before.State;
        }

        // The user drops event_name (all logins from now on) and restarts helr before the window is finished.
        using var after = SourceHarness.Create(new GwsSourceType(), GwsOverlapTests.Config(api, from, "max_results: 1\nmax_pages: 1"), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var written = new List<string?>(cut.Qualifiers());
        var cycles = new List<HarnessCycle>();
        for (var i = 0; i < 10 && (i == 0 || after.State.GetValueOrDefault("page_token") is { Length: > 0 }); i++) cycles.Add(await after.RunCycleAsync());
        written.AddRange(cycles.SelectMany(c => c.Qualifiers()));

        Assert.Equal(new[] { "a" }, cut.Qualifiers());
        Assert.All(cycles, c => Assert.Null(c.Error));
        // The rest of the window (older than "a") is read with the new query; "a" is not written again.
        Assert.Equal(new[] { "a", "b", "c", "d" }, written);
        // No request carries a token made for the old query alongside the new one.
        Assert.All(cycles.SelectMany(c => c.Requests), r => Assert.False(r.Param("pageToken") is { } t && t.EndsWith(":login_success", StringComparison.Ordinal)));
        Assert.Equal(cut.Requests[0].Param("startTime"), cycles[0].Requests[0].Param("startTime"));
        Assert.Contains(cycles[0].Log, l => l.Contains("changed since the stored page token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edited_cloud_logging_page_size_asks_the_rest_of_the_window_without_the_old_token()
    {
        var at = Rfc3339.TruncateToSeconds(DateTimeOffset.UtcNow.AddHours(-1)).AddMilliseconds(250);
        var entry = $$"""{"insertId":"e1","logName":"projects/p/logs/a","timestamp":"{{FakeReports.Time(at)}}"}""";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json($$"""{"entries":[{{entry}}],"nextPageToken":"t1"}"""));
        // page_size is part of the query a token is made with, though not of the stream (a filter edit starts another: GwsStreamEditTests).
        string Config(int pageSize) => $"""
            api: cloud_logging
            resource_names: [projects/p]
            filter: severity>=WARNING
            page_size: {pageSize}
            url: {api.Url("/")}
            from: "{DateTimeOffset.UtcNow.AddHours(-2):yyyy-MM-dd'T'HH:mm:ss'Z'}"
            max_pages: 1
            auth:
              type: bearer
              token_env: GWS_ACCESS_TOKEN
            """;
        IReadOnlyDictionary<string, string> saved;
        using (var before = SourceHarness.Create(new GwsSourceType(), Config(1000), api, new TestEnvironment()))
        {
            Assert.Null((await before.RunCycleAsync()).Error);
            saved = before.State;
        }
        using var after = SourceHarness.Create(new GwsSourceType(), Config(100), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);

        var cycle = await after.RunCycleAsync();

        using var body = System.Text.Json.JsonDocument.Parse(cycle.Requests[0].Body);
        Assert.False(body.RootElement.TryGetProperty("pageToken", out _));
        // Oldest first: the rest of the window starts at the second of the newest entry written ("e1", recognised).
        Assert.StartsWith($"(severity>=WARNING) AND timestamp>=\"{Rfc3339.Format(Rfc3339.TruncateToSeconds(at))}\"", body.RootElement.GetProperty("filter").GetString());
        Assert.Empty(cycle.Lines);
    }

    [Fact]
    public async Task A_page_token_stored_by_an_earlier_version_without_its_query_is_resumed()
    {
        var now = DateTimeOffset.UtcNow;
        var reports = new FakeReports().Deliver(now.AddHours(-3), "a").Deliver(now.AddHours(-4), "b");
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(GwsOverlapTests.LoginPath, reports.Answer);
        using var harness = SourceHarness.Create(new GwsSourceType(), GwsOverlapTests.Config(api, now.AddHours(-5), "max_results: 1\nmax_pages: 1"), api, new TestEnvironment());
        var cut = await harness.RunCycleAsync();
        harness.SetState("page_token_query", "");

        var rest = await harness.RunCycleAsync();

        Assert.Equal("p:1", rest.Requests[0].Param("pageToken"));
        Assert.Equal(new[] { "a", "b" }, cut.Qualifiers().Concat(rest.Qualifiers()));
        Assert.DoesNotContain(rest.Log, l => l.Contains("changed since the stored page token", StringComparison.Ordinal));
    }
}
