using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// Dedupe marks an id as seen only once the output took its page: Redis is stopped while a page is
/// being served, so the cycle fails between rendering a page and handing it over; once the store is
/// back that page is fetched again and must be emitted, not dropped as duplicates.
/// </summary>
public sealed class DedupeAcceptanceTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_page_refetched_after_a_store_outage_is_emitted_not_dropped_as_duplicates()
    {
        await using var server = await StoreServer.StartAsync("redis", output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("d").Add(60);
        var stopped = 0;
        // Page 3 is served with the store already down: the checkpoint of page 2 or 3 fails while a later page is rendered.
        feed.BeforeServe = after =>
        {
            if (after == 20 && Interlocked.Exchange(ref stopped, 1) == 0) server.StopAsync().GetAwaiter().GetResult();
        };
        feed.Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {server.StateYaml}
            sources:
            {feed.SourceYaml(api, intervalSecs: 1)}
            """);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        await helr.WaitForStderrAsync("poll failed: d:", TimeSpan.FromSeconds(60));
        await server.StartAgainAsync();
        await Eventually.WaitAsync(() => Eventually.EventIds(helr.Stdout).Distinct().Count() >= 60, TimeSpan.FromSeconds(90),
            () => $"{Eventually.EventIds(helr.Stdout).Distinct().Count()} of 60 events\n{helr.Stderr}");
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(feed.Ids, Eventually.EventIds(result.Stdout).Distinct());
    }
}
