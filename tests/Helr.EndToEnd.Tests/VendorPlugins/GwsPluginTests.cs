using System.Globalization;
using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>The built gws plugin run by the real helr: a late activity inside the overlap is written once, across processes.</summary>
public sealed class GwsPluginTests
{
    private static readonly Dictionary<string, string?> Env = new() { ["GWS_ACCESS_TOKEN"] = "ya29.e2e" };

    [Fact]
    public async Task A_late_activity_in_the_overlap_is_written_once_by_the_next_process_and_the_repeat_is_not()
    {
        var t0 = DateTimeOffset.UtcNow;
        var delivered = new List<(DateTimeOffset Time, string Qualifier)> { (t0.AddSeconds(-40), "early") };
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/admin/reports/v1/activity/users/all/applications/token", r =>
        {
            var start = DateTimeOffset.Parse(r.Param("startTime")!, CultureInfo.InvariantCulture);
            var end = DateTimeOffset.Parse(r.Param("endTime")!, CultureInfo.InvariantCulture);
            List<(DateTimeOffset Time, string Qualifier)> hits;
            lock (delivered) hits = delivered.Where(a => a.Time >= start && a.Time <= end).OrderByDescending(a => a.Time).ToList();
            var items = hits.Select(a => new { id = new { time = a.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), uniqueQualifier = a.Qualifier } });
            return FakeResponse.Json(hits.Count == 0 ? "{}" : JsonSerializer.Serialize(new { items }));
        });
        using var dir = new TempDir();
        await BuiltPlugins.AssertListedAsync("gws", "0.1.2", dir);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              gws:
                type: gws
                application: token
                url: {api.Url("/")}
                lag_secs: 30
                from: "{t0.AddMinutes(-5):yyyy-MM-dd'T'HH:mm:ss'Z'}"
                auth:
                  type: bearer
                  token_env: GWS_ACCESS_TOKEN
            """);
        var run = $"run --once -c {config} --plugins-dir {BuiltPlugins.Folder}";

        var first = await HelrProcess.RunAsync(run, dir.Path, env: Env);
        Assert.True(first.ExitCode == 0, first.ToString());
        var end1 = DateTimeOffset.Parse(api.Requests[^1].Param("endTime")!, CultureInfo.InvariantCulture);
        lock (delivered) delivered.Add((t0.AddSeconds(-35), "late")); // its time is inside window 1; Google shows it only now
        // The next window must have new time to ask for: wait for the clock, not for an arbitrary delay.
        while (DateTimeOffset.UtcNow < end1.AddSeconds(32)) await Task.Delay(50);
        var second = await HelrProcess.RunAsync(run, dir.Path, env: Env);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(new[] { "early" }, first.Lines.Select(l => l.GetProperty("event").GetProperty("id").GetProperty("uniqueQualifier").GetString()));
        Assert.Equal(new[] { "late" }, second.Lines.Select(l => l.GetProperty("event").GetProperty("id").GetProperty("uniqueQualifier").GetString()));
        var overlapStart = DateTimeOffset.Parse(api.Requests[^1].Param("startTime")!, CultureInfo.InvariantCulture);
        Assert.Equal(end1.AddSeconds(-30), overlapStart);

        // helr test --source runs the plugin for one cycle from the stored state: nothing new to write.
        var probe = await HelrProcess.RunAsync($"test --source gws -c {config} --plugins-dir {BuiltPlugins.Folder}", dir.Path, env: Env);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.Empty(probe.Lines);
    }
}
