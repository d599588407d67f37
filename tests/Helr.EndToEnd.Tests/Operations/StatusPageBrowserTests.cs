using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>The status page in a real headless browser: every configured source rendered, a failing one shown as failing.</summary>
public sealed partial class StatusPageBrowserTests(ITestOutputHelper output)
{
    private const string Secret = "pagesecret-Vx72-never-shown";

    [SkippableFact]
    public async Task The_page_renders_every_source_and_shows_the_failing_one()
    {
        Skip.If(Chromium.MissingReason is not null, Chromium.MissingReason);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("good").Add(7).Mount(api);
        api.OnGet("/broken", _ => FakeResponse.Json("""{"error":"upstream down"}""") with { Status = 503 });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600, extra: $"    headers:\n      Authorization: Bearer {Secret}")}
              broken:
                url: {api.Url("/broken")}
                schedule: {"{"} interval_secs: 3600 {"}"}
                resilience:
                  retries: {"{"} max_attempts: 1 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!.AsObject().All(s => s.Value!["cycles"]!.GetValue<long>() >= 1), TimeSpan.FromSeconds(60));

        var dom = await Chromium.DumpDomAsync(helr.Url.AbsoluteUri, 5000, dir.File("chromium-profile"));
        Assert.Contains("data-rendered=\"true\"", dom);
        var cards = Card().Matches(dom).ToDictionary(m => m.Groups["id"].Value, m => m);
        Assert.Equal(new[] { "broken", "good" }, cards.Keys.Order());
        Assert.Equal("ok", cards["good"].Groups["status"].Value);
        Assert.Equal("degraded", cards["broken"].Groups["status"].Value);
        Assert.Contains("HTTP 503", cards["broken"].Groups["body"].Value);
        Assert.Contains("7 (", cards["good"].Groups["body"].Value);
        Assert.Contains("&quot;watermark&quot;: &quot;7&quot;".Replace("&quot;", "\""), System.Net.WebUtility.HtmlDecode(cards["good"].Groups["body"].Value));
        Assert.Contains("data-poll=\"good\"", dom);
        Assert.Contains("data-poll=\"broken\"", dom);
        Assert.DoesNotContain(Secret, dom);
    }

    /// <summary>
    /// The state store's 500 (Redis down) carries no "state": the page showed the source's stored state
    /// as <c>{}</c>, as if it had been reset, instead of saying it could not be read.
    /// </summary>
    [SkippableFact]
    public async Task A_state_store_that_fails_is_shown_as_failing_not_as_an_empty_state()
    {
        Skip.If(Chromium.MissingReason is not null, Chromium.MissingReason);
        await using var store = await StoreServer.StartAsync("redis", output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("s1").Add(3).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {store.StateYaml}
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600)}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["s1"]!["cycles"]!.GetValue<long>() >= 1, TimeSpan.FromSeconds(60));
        await store.StopAsync();
        await helr.WaitForAsync("/api/v1/sources/s1/state", (status, _) => status == 500, TimeSpan.FromSeconds(60));

        var dom = await Chromium.DumpDomAsync(helr.Url.AbsoluteUri, 5000, dir.File("chromium-profile"));

        var card = Assert.Single(Card().Matches(dom)).Groups["body"].Value;
        Assert.DoesNotContain("<pre class=\"state\">", card);
        Assert.Contains("cannot read it: state store: redis", card);
    }

    /// <summary>
    /// Source ids are the config's keys, any string: markup in one is shown as text, never run, and an id that is
    /// also the name of an object's own member ("constructor") read it: the poll result beside that source
    /// showed "function Object() { [native code] }" before any poll.
    /// </summary>
    [SkippableFact]
    public async Task Source_ids_are_shown_as_written_whatever_they_hold()
    {
        Skip.If(Chromium.MissingReason is not null, Chromium.MissingReason);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("constructor").Add(2).Mount(api);
        api.OnGet("/plain", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600)}
              "<img src=x onerror=document.title='ran'>":
                url: {api.Url("/plain")}
                schedule: {"{"} interval_secs: 3600 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!.AsObject().Count == 2 && b["sources"]!.AsObject().All(s => s.Value!["cycles"]!.GetValue<long>() >= 1),
            TimeSpan.FromSeconds(60));

        var dom = await Chromium.DumpDomAsync(helr.Url.AbsoluteUri, 5000, dir.File("chromium-profile"));
        Assert.Contains("data-rendered=\"true\"", dom);
        var cards = Card().Matches(dom).ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups["id"].Value), m => m.Groups["body"].Value);
        Assert.Equal(2, cards.Count);
        Assert.Contains("<span class=\"result\"></span>", cards["constructor"]);
        Assert.DoesNotContain("native code", cards["constructor"]);
        var markup = cards["<img src=x onerror=document.title='ran'>"];
        Assert.Contains("\">&lt;img src=x onerror=document.title='ran'&gt;</span>", markup);
        // An element would be serialised with its attribute quoted; the id itself stays in data-poll as written.
        Assert.DoesNotContain("<img src=\"x\"", dom);
        Assert.Contains("<title>helr status</title>", dom);
    }

    [GeneratedRegex("""<section class="source" data-source="(?<id>[^"]+)" data-status="(?<status>[^"]+)">(?<body>.*?)</section>""", RegexOptions.Singleline)]
    private static partial Regex Card();
}
