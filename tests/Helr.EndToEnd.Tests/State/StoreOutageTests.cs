using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// The Redis or Postgres server is stopped mid-run and started again: helr must keep running, lose no
/// event, and carry on from the store once it is back; with the memory fallback it keeps collecting
/// through the outage.
/// </summary>
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string, bool> Cases = new()
    {
        { "redis", true }, { "redis", false }, { "postgres", true }, { "postgres", false },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Stopping_the_store_mid_run_loses_nothing_and_helr_reconnects(string backend, bool fallback)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(100).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
            {server.StateYaml}
            {(fallback ? "  degradation:\n    state_store_fallback: memory\n    reduced_frequency_multiplier: 1" : "")}
            sources:
            {feed.SourceYaml(api, intervalSecs: 1)}
            """);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        await helr.WaitForLinesAsync(100, TimeSpan.FromSeconds(60));

        await server.StopAsync();
        feed.Add(50);
        if (fallback)
        {
            // Collection goes on from memory while the store is down.
            await helr.WaitForLinesAsync(150, TimeSpan.FromSeconds(60));
            await helr.WaitForStderrAsync("keeping state in memory", TimeSpan.FromSeconds(30));
        }
        else
        {
            // Cycles fail (they cannot read their state) but the process keeps running.
            await helr.WaitForStderrAsync("poll failed: o:", TimeSpan.FromSeconds(60));
        }

        await server.StartAgainAsync();
        feed.Add(50);
        await helr.WaitForLinesAsync(200, TimeSpan.FromSeconds(90));
        if (fallback) await helr.WaitForStderrAsync("wrote the checkpoint of o kept in memory", TimeSpan.FromSeconds(60));
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(feed.Ids, Eventually.EventIds(result.Stdout));

        // The store holds the final position: a new run has nothing to emit.
        var show = await HelrProcess.RunAsync($"state show o -c {config}", dir.Path);
        Assert.Contains("  watermark: 200\n", show.Stdout);
        var again = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Empty(again.Lines);
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task An_unreachable_store_at_start_up_fails_the_run_unless_the_memory_fallback_is_set(string backend)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await server.StopAsync();
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("u").Add(30).Mount(api);
        using var dir = new TempDir();
        var plain = dir.Write("plain.yaml", $"""
            global:
              state:
            {server.StateYaml}
            sources:
            {feed.SourceYaml(api)}
            """);
        var refused = await HelrProcess.RunAsync($"run --once -c {plain}", dir.Path);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cannot open state store", refused.Stderr);
        Assert.Empty(api.Requests);

        var withFallback = dir.Write("fallback.yaml", $"""
            global:
              state:
            {server.StateYaml}
              degradation:
                state_store_fallback: memory
            sources:
            {feed.SourceYaml(api)}
            """);
        await using var helr = HelrProcess.Start($"run -c {withFallback}", dir.Path);
        await helr.WaitForLinesAsync(30, TimeSpan.FromSeconds(60));
        await helr.WaitForStderrAsync("state store unavailable at start-up", TimeSpan.FromSeconds(30));
        await server.StartAgainAsync();
        await helr.WaitForStderrAsync("wrote the checkpoint of u kept in memory", TimeSpan.FromSeconds(90));
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(feed.Ids, Eventually.EventIds(result.Stdout));
        Assert.Contains("  watermark: 30\n", (await HelrProcess.RunAsync($"state show u -c {plain}", dir.Path)).Stdout);
    }

    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };
}
