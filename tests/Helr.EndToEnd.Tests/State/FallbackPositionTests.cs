using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// The memory fallback never moves a stored position backwards: helr starts with the store down
/// (so the source starts from the beginning in memory) while the store holds a later position; once
/// the store is back, the store wins and the source continues from the stored position.
/// </summary>
public sealed class FallbackPositionTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task A_stored_position_ahead_of_the_start_survives_a_start_with_the_store_down(string backend)
    {
        await using var server = await StoreServer.StartAsync(backend, output);
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("a").Add(50).Mount(api);
        using var dir = new TempDir();
        string Config(int maxPages, bool fallback) => $"""
            global:
              state:
            {server.StateYaml}
            {(fallback ? "  degradation:\n    state_store_fallback: memory\n    reduced_frequency_multiplier: 1" : "")}
            sources:
            {feed.SourceYaml(api, intervalSecs: 2, maxPages: maxPages)}
            """;
        var first = await HelrProcess.RunOnceAsync(dir.Write("first.yaml", Config(100, false)), dir);
        Assert.Equal(50, first.Lines.Count);

        await server.StopAsync();
        var config = dir.Write("helr.yaml", Config(1, true));
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        // One page a cycle, from the start: in memory the source is far behind the stored 50.
        await helr.WaitForLinesAsync(10, Timeout);
        await server.StartAgainAsync();
        await helr.WaitForStderrAsync("the store wins", Timeout);
        await Eventually.WaitAsync(() => api.Requests.Any(r => r.Param("after") == "50"), Timeout, () => helr.Stderr);
        var resumed = api.Requests.ToList().FindIndex(r => r.Param("after") == "50");
        feed.Add(5);
        await Eventually.WaitAsync(() => Eventually.EventIds(helr.Stdout).Contains("a-000055"), Timeout, () => helr.Stderr);
        helr.Signal("TERM");
        var result = await helr.WaitAsync(Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());

        var warning = result.Stderr.Split('\n').First(l => l.Contains("the store wins", StringComparison.Ordinal));
        // It names the source, the stored position, where memory started, and the position dropped: one
        // page a cycle never completes a traversal, so memory's maximum is only pending.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(warning, @"stored position of a \(.*watermark=50,.*\) is not the one this process started from \(.*watermark unset,.*\).*kept in memory \(.*watermark unset,.*watermark_pending=\d+[,)]"), warning);
        // From the stored position on, the source never went back below it.
        Assert.All(api.Requests.Skip(resumed), r => Assert.True(long.Parse(r.Param("after") ?? "0") >= 50, r.QueryString));
        Assert.Contains("  watermark: 55\n", (await HelrProcess.RunAsync($"state show a -c {config}", dir.Path)).Stdout);
    }
}
