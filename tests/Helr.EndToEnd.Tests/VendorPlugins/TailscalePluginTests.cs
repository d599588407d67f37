using System.Globalization;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>The built tailscale plugin run by the real helr: capped windows, and the next process starts at the stored end.</summary>
public sealed class TailscalePluginTests
{
    private static readonly Dictionary<string, string?> Env = new() { ["TAILSCALE_API_KEY"] = "tskey-e2e" };

    [Fact]
    public async Task Catches_up_in_capped_windows_and_the_next_process_continues_at_the_stored_end()
    {
        var from = DateTimeOffset.UtcNow.AddHours(-3);
        from = new DateTimeOffset(from.UtcTicks - from.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/api/v2/tailnet/example.com/logging/configuration", r =>
        {
            var start = DateTimeOffset.Parse(r.Param("start")!, CultureInfo.InvariantCulture);
            // One entry at each window's start (both bounds are inclusive at Tailscale).
            return FakeResponse.Json($$"""{"logs":[{"eventGroupID":"{{start:HHmmss}}","eventTime":"{{r.Param("start")}}"}]}""");
        });
        using var dir = new TempDir();
        await BuiltPlugins.AssertListedAsync("tailscale", "0.2.1", dir);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              ts:
                type: tailscale
                tailnet: example.com
                log: configuration
                url: {api.Url("/")}
                from: "{from:yyyy-MM-dd'T'HH:mm:ss'Z'}"
                max_window_secs: 3600
                max_pages: 2
                auth:
                  type: basic
                  user_env: TAILSCALE_API_KEY
            """);
        var run = $"run --once -c {config} --plugins-dir {BuiltPlugins.Folder}";

        var first = await HelrProcess.RunAsync(run, dir.Path, env: Env);
        // helr test --source: the same next window, from the stored end, writing no state.
        var probe = await HelrProcess.RunAsync($"test --source ts -c {config} --plugins-dir {BuiltPlugins.Folder}", dir.Path, env: Env);
        var second = await HelrProcess.RunAsync(run, dir.Path, env: Env);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, first.Lines.Count);
        var starts = api.Requests.Select(r => r.Param("start")).ToList();
        var ends = api.Requests.Select(r => r.Param("end")).ToList();
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.Equal(4, api.Requests.Count); // 2 windows, then the last (shorter) one by the probe and again after the restart
        Assert.Equal(ends[1], starts[2]);
        Assert.Equal(starts[2], starts[3]);
        Assert.Equal(from.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), starts[3]);
        Assert.Equal(3, first.Lines.Count + second.Lines.Count);
        // Entries have no vendor id: the derived one is the same in every process that writes the entry.
        var ids = first.Lines.Concat(second.Lines).Select(l => l.GetProperty("meta").GetProperty("id").GetString()).ToList();
        Assert.All(ids, id => Assert.StartsWith("sha256:", id));
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(second.Lines.Single().GetProperty("meta").GetProperty("id").GetString(), probe.Lines.Single().GetProperty("meta").GetProperty("id").GetString());
    }
}
