using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helr.PluginSdk.Time;
using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary><c>api: cloud_logging</c>: entries.list by POST, the same lag window over <c>timestamp</c>.</summary>
public class CloudLoggingTests
{
    private static string Config(FakeVendorServer api, string extra = "") => $"""
        api: cloud_logging
        resource_names: [projects/my-project]
        filter: logName:"cloudaudit.googleapis.com"
        url: {api.Url("/")}
        from: "{DateTimeOffset.UtcNow.AddHours(-2):yyyy-MM-dd'T'HH:mm:ss'Z'}"
        auth:
          type: bearer
          token_env: GWS_ACCESS_TOKEN
        {extra}
        """;

    [Fact]
    public async Task Entries_are_listed_by_post_with_the_window_in_the_filter_and_the_page_token_in_the_body()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", r => r.Body.Contains("pageToken")
            ? FakeResponse.Json("{}")
            : FakeResponse.Json(PluginTestFiles.Read("cloud-logging-entries.json")));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "1b2c3d4e5f6a", "-x9y8z7w6v5" }, cycle.EventField("insertId"));
        Assert.Equal("1b2c3d4e5f6a", cycle.Envelopes[0].GetProperty("meta").GetProperty("id").GetString());
        Assert.StartsWith("2024-03-01T12:00:01.234567", cycle.Envelopes[0].GetProperty("ts").GetString());
        using var first = JsonDocument.Parse(cycle.Requests[0].Body);
        var body = first.RootElement;
        Assert.Equal("projects/my-project", body.GetProperty("resourceNames")[0].GetString());
        Assert.Equal("timestamp asc", body.GetProperty("orderBy").GetString());
        Assert.Equal(1000, body.GetProperty("pageSize").GetInt32());
        Assert.StartsWith("(logName:\"cloudaudit.googleapis.com\") AND timestamp>=\"", body.GetProperty("filter").GetString());
        Assert.Contains("timestamp<=\"", body.GetProperty("filter").GetString());
        Assert.False(body.TryGetProperty("pageToken", out _));
        using var second = JsonDocument.Parse(cycle.Requests[1].Body);
        Assert.Equal("EAA4suKu3qnLwbtrSg", second.RootElement.GetProperty("pageToken").GetString());
        Assert.Equal(body.GetProperty("filter").GetString(), second.RootElement.GetProperty("filter").GetString());
        Assert.Equal("Bearer ya29.gws-token", cycle.Requests[0].Header("Authorization"));
    }

    [Fact]
    public async Task An_entry_of_the_overlap_written_already_is_not_written_again()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-3); // inside the next window's overlap (lag_secs 120 by default)
        var entry = $$"""{"insertId":"dup1","timestamp":"{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}"}""";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json($$"""{"entries":[{{entry}}]}"""));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());
        var first = await harness.RunCycleAsync();
        // As if the last window had ended a minute earlier, so the next one has time to ask for.
        var end = DateTimeOffset.Parse(first.State["window_end"]).AddMinutes(-1);
        harness.SetState("window_end", end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

        var second = await harness.RunCycleAsync();

        Assert.Single(first.Lines);
        Assert.Single(second.Requests);
        Assert.Empty(second.Lines);
        Assert.Contains("|dup1", second.State["overlap_ids"]);
    }

    [Theory]
    [InlineData("dup,1")]
    [InlineData("dup\",|[1")]
    public async Task An_entry_whose_insert_id_holds_a_comma_is_recognised_in_the_overlap_after_the_memory_was_stored(string insertId)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var entry = $$"""{"insertId":{{JsonSerializer.Serialize(insertId)}},"timestamp":"{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}"}""";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json($$"""{"entries":[{{entry}}]}"""));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());
        var first = await harness.RunCycleAsync();
        var end = DateTimeOffset.Parse(first.State["window_end"]).AddMinutes(-1);
        harness.SetState("window_end", end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

        var second = await harness.RunCycleAsync();

        Assert.Single(first.Lines);
        Assert.Empty(second.Lines);
    }

    [Fact]
    public async Task An_overlap_memory_stored_comma_separated_by_an_earlier_version_is_still_read()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var time = $"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json($$"""{"entries":[{"insertId":"old1","timestamp":"{{time}}"},{"insertId":"new1","timestamp":"{{time}}"}]}"""));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, new TestEnvironment());
        harness.SetState("window_end", at.AddSeconds(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        harness.SetState("overlap_ids", $"{time}|other,{time}|old1");

        var cycle = await harness.RunCycleAsync();

        Assert.Equal(new[] { "new1" }, cycle.EventField("insertId"));
    }

    [Fact]
    public async Task A_page_token_rejected_in_a_later_cycle_asks_again_from_the_second_of_the_newest_entry_written()
    {
        var now = DateTimeOffset.UtcNow;
        var first = Rfc3339.TruncateToSeconds(now.AddHours(-1)).AddMilliseconds(500);
        var entries = new[] { (first, "e1"), (first, "e2"), (now.AddMinutes(-30), "e3") };
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", r =>
        {
            using var body = JsonDocument.Parse(r.Body);
            var token = body.RootElement.TryGetProperty("pageToken", out var t) ? t.GetString()! : null;
            if (token == "stale") return FakeResponse.Json("""{"error":{"code":400,"status":"INVALID_ARGUMENT"}}""", 400);
            var bounds = Regex.Matches(body.RootElement.GetProperty("filter").GetString()!, "timestamp[<>]=\"([^\"]+)\"").Select(m => DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            var hits = entries.Where(e => e.Item1 >= bounds[^2] && e.Item1 <= bounds[^1]).ToList();
            var offset = token is null ? 0 : int.Parse(token[2..], CultureInfo.InvariantCulture);
            var page = hits.Skip(offset).Take(1).Select(e => $$"""{"insertId":"{{e.Item2}}","timestamp":"{{e.Item1.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}"}""");
            var next = offset + 1 < hits.Count ? $$""","nextPageToken":"p:{{offset + 1}}" """ : "";
            return FakeResponse.Json($$"""{"entries":[{{string.Join(",", page)}}]{{next}}}""");
        });
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, "max_pages: 1"), api, new TestEnvironment());
        var cut = await harness.RunCycleAsync();
        harness.SetState("page_token", "stale");

        var written = new List<string?>(cut.EventField("insertId"));
        var restarted = await harness.RunCycleAsync();
        written.AddRange(restarted.EventField("insertId"));
        for (var i = 0; i < 10 && harness.State.GetValueOrDefault("page_token") is { Length: > 0 }; i++) written.AddRange((await harness.RunCycleAsync()).EventField("insertId"));

        Assert.Equal(new[] { "e1", "e2", "e3" }, written);
        using var request = JsonDocument.Parse(restarted.Requests[1].Body);
        Assert.Contains($"timestamp>=\"{Rfc3339.Format(first)}\"", request.RootElement.GetProperty("filter").GetString());
    }

    // The Logging query language ends a comment (--) at the end of its line: a filter copied from the Logs
    // Explorer with one on its last line swallowed the closing parenthesis and the window after it, and
    // Google refused every request (HTTP 400), so the source never collected anything.
    [Fact]
    public async Task A_filter_ending_in_a_comment_keeps_its_parenthesis_and_the_window()
    {
        string? seen = null;
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", r =>
        {
            using var body = JsonDocument.Parse(r.Body);
            seen = Regex.Replace(body.RootElement.GetProperty("filter").GetString()!, "--[^\n]*", "");
            return seen.Count(c => c == '(') == seen.Count(c => c == ')')
                ? FakeResponse.Json("{}")
                : FakeResponse.Json("""{"error":{"code":400,"message":"Invalid query","status":"INVALID_ARGUMENT"}}""", 400);
        });
        var yaml = Config(api).Replace("filter: logName:\"cloudaudit.googleapis.com\"", "filter: 'logName:\"cloudaudit.googleapis.com\" -- admin activity'", StringComparison.Ordinal);
        using var harness = SourceHarness.Create(new GwsSourceType(), yaml, api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.StartsWith("(logName:\"cloudaudit.googleapis.com\" ", seen);
        Assert.Contains(") AND timestamp>=\"", seen);
        Assert.Contains("timestamp<=\"", seen);
    }

    [Fact]
    public void Resource_names_are_required_and_checked()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => SourceHarness.Create(new GwsSourceType(),
            "api: cloud_logging\nauth: {type: bearer, token_env: GWS_ACCESS_TOKEN}", environment: new TestEnvironment())).Message;
        Assert.Contains("sources.s.resource_names", missing);
        Assert.DoesNotContain("sources.s.application", missing);
        var wrong = Assert.Throws<InvalidOperationException>(() => SourceHarness.Create(new GwsSourceType(),
            "api: cloud_logging\nresource_names: [my-project]\nauth: {type: bearer, token_env: GWS_ACCESS_TOKEN}", environment: new TestEnvironment())).Message;
        Assert.Contains("sources.s.resource_names", wrong);
        Assert.Contains("projects/", wrong);
    }
}
